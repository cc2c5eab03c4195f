"""Write the demo company's binary documents: its product data sheets and care guide.

The knowledge fallback answers from the files in ``knowledge/``. Most of them are text
(Markdown, HTML, plain text) and kept in the repository as they are; the PDFs and the
Word file are written by this script, so that they can be reviewed and changed here:

    .venv/bin/python demo/knowledge.py      # knowledge/datenblaetter/*.pdf,
                                            # knowledge/pflegehinweise.docx

Every date in the files is fixed and the Word file's archive carries fixed timestamps,
so the output is byte-identical on every run. The PDFs use the core font Helvetica,
which knows only Latin-1: umlauts and ß are fine, the euro sign and dashes are not.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence, Tuple

from docx import Document
from fpdf import FPDF, XPos, YPos

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
COMPANY = "Hartmann Arbeitsschutz GmbH"
ADDRESS = (
    "Zwickauer Straße 214 - 09116 Chemnitz - service@hartmann-arbeitsschutz.example"
)
ISSUE = "Stand: Januar 2026"

# A section is a heading and its paragraphs; a paragraph that starts with "- " is a
# bullet point.
Section = Tuple[str, Sequence[str]]


@dataclass(frozen=True)
class DataSheet:
    """A product data sheet: facts and norms on page 1, care and limits on page 2."""

    filename: str
    product: str
    model: str
    facts: Sequence[Tuple[str, str]]
    front: Sequence[Section]
    back: Sequence[Section]


DATA_SHEETS: Sequence[DataSheet] = (
    DataSheet(
        filename="warnweste-basic.pdf",
        product="Warnweste Basic",
        model="HA-10001",
        facts=(
            ("Marke", "Sachsenschutz"),
            ("Material", "100 % Polyester, fluoreszierend"),
            ("Reflexstreifen", "2 umlaufende retroreflektierende Streifen, 5 cm breit"),
            ("Verschluss", "Klettverschluss vorn"),
            ("Norm", "EN ISO 20471 Klasse 2"),
            ("Farben", "warngelb, warnorange"),
            ("Größen", "S/M, L/XL, XXL/3XL"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Die Warnweste Basic ist unsere leichte Standardweste für "
                    "Baustelle, Lager, Hof und Pannenhilfe. Zwei umlaufende "
                    "retroreflektierende Streifen machen Sie bei Tag und Nacht aus "
                    "allen Richtungen sichtbar. Die Weste wird über der "
                    "Arbeitskleidung getragen; dank der Doppelgrößen passt sie auch "
                    "über eine dicke Winterjacke.",
                    "Die Weste erfüllt die Mitführpflicht für Warnwesten im Pkw "
                    "(§ 53a StVZO) und eignet sich damit auch für Ihren Fuhrpark.",
                ),
            ),
            (
                "Norm und Schutzwirkung",
                (
                    "EN ISO 20471 regelt Warnkleidung, die ihren Träger bei Tageslicht "
                    "durch fluoreszierendes Material und im Scheinwerferlicht durch "
                    "retroreflektierende Streifen auffällig macht. Die Klasse richtet "
                    "sich nach der Mindestfläche dieser Materialien:",
                    "- Klasse 1: 0,14 m² fluoreszierend, 0,10 m² retroreflektierend",
                    "- Klasse 2: 0,50 m² fluoreszierend, 0,13 m² retroreflektierend",
                    "- Klasse 3: 0,80 m² fluoreszierend, 0,20 m² retroreflektierend",
                    "Klasse 2 genügt für Arbeiten an Straßen mit einer zulässigen "
                    "Geschwindigkeit bis 60 km/h. Bei höheren Geschwindigkeiten, etwa "
                    "an Landstraßen und Autobahnen, ist Klasse 3 erforderlich, zum "
                    "Beispiel mit einer Warnschutzjacke.",
                ),
            ),
        ),
        back=(
            (
                "Pflege",
                (
                    "Waschen bei höchstens 60 °C mit Colorwaschmittel ohne Bleiche "
                    "und ohne optische Aufheller. Keinen Weichspüler verwenden, nicht "
                    "chemisch reinigen, nicht im Trockner trocknen und nicht bügeln: "
                    "Hitze löst die Reflexstreifen ab.",
                    "Die Schutzwirkung nach EN ISO 20471 ist für 50 Wäschen bei 60 °C "
                    "nachgewiesen. Danach ist die Mindestrückstrahlung der Streifen "
                    "nicht mehr gewährleistet. Ersetzen Sie die Weste nach der 50. "
                    "Wäsche, auch wenn sie noch gut aussieht. Tipp: Machen Sie nach "
                    "jeder Wäsche einen Strich im Zählfeld auf dem Etikett.",
                ),
            ),
            (
                "Lagerung",
                (
                    "Sauber, trocken und dunkel lagern, im Fahrzeug am besten in der "
                    "Seitentasche der Tür oder unter dem Sitz. Nicht hinter der "
                    "Windschutzscheibe oder auf der Hutablage aufbewahren: Sonnenlicht "
                    "bleicht das fluoreszierende Material aus.",
                ),
            ),
            (
                "Einsatzgrenzen",
                (
                    "- Kein Schutz gegen Hitze, Flammen, Chemikalien oder Regen; nicht "
                    "bei Schweiß- und Schleifarbeiten tragen.",
                    "- Die Weste muss geschlossen getragen werden und darf nicht von "
                    "Gurten, Taschen oder Jacken verdeckt sein.",
                    "- Sofort ersetzen, wenn das fluoreszierende Material ausgeblichen "
                    "oder dauerhaft verschmutzt ist oder die Reflexstreifen Risse "
                    "zeigen oder sich ablösen.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Ausgediente Westen gehören in den Restmüll, nicht in den "
                    "Altkleidercontainer: Warnkleidung ohne ausreichende Schutzwirkung "
                    "soll nicht weitergetragen werden. Gewaschene Westen, die Sie bei "
                    "uns gekauft haben, nehmen wir im Abholmarkt zurück.",
                ),
            ),
        ),
    ),
    DataSheet(
        filename="sicherheitsstiefel-fichtelberg.pdf",
        product="Sicherheitsstiefel Fichtelberg",
        model="HA-10067",
        facts=(
            ("Marke", "Nordlicht Workwear"),
            ("Obermaterial", "Rindleder, wasserabweisend"),
            ("Zehenschutzkappe", "Stahl, geprüft mit 200 Joule"),
            ("Zwischensohle", "durchtrittsicher, Stahl"),
            ("Laufsohle", "Gummi, profiliert, rutschhemmend (SRC)"),
            ("Norm", "EN ISO 20345 S3 SRC"),
            ("Farben", "braun, schwarz"),
            ("Größen", "EU 36 bis 48, Weite 11"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Knöchelhoher Sicherheitsstiefel S3 für Bau und Industrie. "
                    "Wasserabweisendes Rindleder, Stahlkappe und durchtrittsichere "
                    "Zwischensohle schützen auf Baustellen mit Nägeln, Schutt und "
                    "Nässe. Der gepolsterte Schaftrand stützt den Knöchel auf "
                    "unebenem Boden.",
                ),
            ),
            (
                "Was bedeuten S1, S1P, S2 und S3?",
                (
                    "Sicherheitsschuhe nach EN ISO 20345 haben immer eine "
                    "Zehenschutzkappe, die einem Aufprall von 200 Joule und einem "
                    "Druck von 15 kN standhält (Grundanforderung SB). Die "
                    "Schutzklassen bauen aufeinander auf:",
                    "- S1: geschlossener Fersenbereich, antistatisch, Energieaufnahme "
                    "im Fersenbereich",
                    "- S1P: wie S1, zusätzlich mit durchtrittsicherer Sohle",
                    "- S2: wie S1, zusätzlich mit wasserabweisendem Obermaterial",
                    "- S3: wie S2, zusätzlich mit durchtrittsicherer Sohle und "
                    "profilierter Laufsohle",
                    "- S5: Stiefel aus Gummi oder Kunststoff, wasserdicht, mit "
                    "durchtrittsicherer Sohle",
                    "SRC bedeutet, dass die Sohle auf Keramikfliesen mit "
                    "Reinigungsmittel und auf Stahlboden mit Glycerin rutschhemmend "
                    "geprüft ist.",
                ),
            ),
        ),
        back=(
            (
                "Pflege",
                (
                    "Groben Schmutz nach dem Tragen mit einer weichen Bürste und "
                    "klarem Wasser entfernen; nicht in der Waschmaschine waschen. "
                    "Nasse Stiefel bei Raumtemperatur trocknen und mit Zeitungspapier "
                    "ausstopfen, niemals auf der Heizung oder vor dem Ofen: Das Leder "
                    "wird sonst hart und rissig. Das Leder regelmäßig mit Lederfett "
                    "oder Imprägnierspray pflegen. Die Einlegesohle herausnehmen, "
                    "getrennt trocknen und bei Bedarf bei 30 °C von Hand waschen.",
                ),
            ),
            (
                "Einlagen",
                (
                    "Orthopädische Einlagen dürfen Sie nur verwenden, wenn sie für "
                    "dieses Modell zertifiziert sind (DGUV Regel 112-191). Sonst "
                    "erlischt die Baumusterprüfung des Schuhs. Antistatisch ist der "
                    "Stiefel nur mit der Originaleinlegesohle.",
                ),
            ),
            (
                "Lagerung",
                (
                    "Kühl, trocken und dunkel in der Originalverpackung lagern. "
                    "Ungetragene Stiefel können bis zu 5 Jahre ab Herstelldatum "
                    "eingesetzt werden; das Herstelldatum steht auf dem Etikett in der "
                    "Zunge.",
                ),
            ),
            (
                "Einsatzgrenzen",
                (
                    "- Ersetzen, wenn die Profiltiefe der Laufsohle unter 1,5 mm "
                    "liegt, die Sohle sich löst oder Risse hat oder ein Nagel die Sohle "
                    "durchdrungen hat.",
                    "- Nach einem schweren Aufprall auf die Zehenkappe den Stiefel "
                    "immer austauschen, auch ohne sichtbare Schäden.",
                    "- Nicht geeignet für Arbeiten mit der Kettensäge und nicht als "
                    "Isolierschuh für Arbeiten an elektrischen Anlagen.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Getragene Sicherheitsschuhe gehören in den Restmüll. Größere "
                    "Mengen nimmt der Wertstoffhof an.",
                ),
            ),
        ),
    ),
    DataSheet(
        filename="schutzhelm-basis.pdf",
        product="Schutzhelm Basis",
        model="HA-10157",
        facts=(
            ("Marke", "Kappelwerk"),
            ("Helmschale", "HDPE (Polyethylen hoher Dichte)"),
            ("Innenausstattung", "6-Punkt-Textilbänderung mit Ratsche, Schweißband"),
            ("Kopfweite", "52 bis 63 cm, Einheitsgröße"),
            ("Gewicht", "ca. 350 g"),
            ("Norm", "EN 397, Zusatzanforderung -20 °C"),
            ("Farben", "blau, gelb, grün, orange, rot, weiß"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Leichter Industrieschutzhelm für Bau, Industrie und Handwerk. "
                    "Die Ratsche im Nacken stellt den Helm stufenlos und mit einer "
                    "Hand ein, auch mit Handschuhen. Seitliche Aufnahmeschlitze "
                    "(30 mm) nehmen Kapselgehörschutz und Gesichtsschutz auf, die "
                    "umlaufende Regenrinne leitet Wasser vom Nacken weg.",
                ),
            ),
            (
                "Norm und Schutzwirkung",
                (
                    "EN 397 ist die Norm für Industrieschutzhelme. Geprüft werden "
                    "unter anderem:",
                    "- Stoßdämpfung: Fallgewicht 5 kg aus 1 m Höhe",
                    "- Durchdringung: spitzer Fallkörper 3 kg aus 1 m Höhe",
                    "- Flammbeständigkeit der Helmschale",
                    "- Festigkeit der Kinnriemenverankerung",
                    "Die Zusatzanforderung -20 °C bedeutet, dass der Helm auch bei "
                    "sehr niedrigen Temperaturen bis -20 °C schützt. Elektrische "
                    "Isolierung (440 V AC) und Schutz gegen seitliche Verformung (LD) "
                    "sind für dieses Modell nicht nachgewiesen.",
                ),
            ),
        ),
        back=(
            (
                "Gebrauchsdauer",
                (
                    "Helmschalen aus Kunststoff altern durch UV-Licht, Hitze und "
                    "Kälte, auch wenn man es ihnen nicht ansieht. Tauschen Sie den "
                    "Helm spätestens 4 Jahre nach dem Herstelldatum aus (in Anlehnung "
                    "an DGUV Regel 112-193). Das Herstelldatum steht als Datumsuhr "
                    "mit Monat und Jahr innen im Schirm der Helmschale. Bei "
                    "überwiegendem Einsatz im Freien empfehlen wir einen früheren "
                    "Austausch. Die Innenausstattung sollte spätestens nach 2 Jahren "
                    "erneuert werden.",
                    "Sofort austauschen müssen Sie den Helm nach einem Schlag oder "
                    "einem Sturz aus mehr als 2 m Höhe, auch ohne sichtbare Schäden, "
                    "sowie bei Rissen oder Verfärbungen. Knacktest: Drücken Sie die "
                    "Schale seitlich leicht zusammen. Knackt oder knistert sie, ist "
                    "der Kunststoff versprödet.",
                ),
            ),
            (
                "Pflege und Lagerung",
                (
                    "Mit lauwarmem Wasser und milder Seife reinigen. Keine "
                    "Lösungsmittel, kein Benzin, keine Farben und keine Aufkleber mit "
                    "lösungsmittelhaltigem Kleber verwenden und keine Löcher bohren. "
                    "Nicht hinter der Windschutzscheibe oder auf der Hutablage "
                    "lagern: Temperaturen über 50 °C schädigen die Schale.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Ausgemusterte Helme über den Restmüll entsorgen. Schneiden Sie "
                    "vorher die Innenausstattung heraus, damit der Helm nicht "
                    "versehentlich weiterverwendet wird.",
                ),
            ),
        ),
    ),
    DataSheet(
        filename="schnittschutzhandschuh-cut-d.pdf",
        product="Schnittschutzhandschuh Cut D",
        model="HA-10140",
        facts=(
            ("Marke", "Kappelwerk"),
            ("Material", "HPPE-Strick, nahtlos, Innenhand mit PU-Beschichtung"),
            ("Norm", "EN 388 4X42D, EN ISO 21420"),
            ("Farben", "grau, schwarz"),
            ("Größen", "6 bis 11"),
            ("Verpackung", "paarweise"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Schnittschutzhandschuh für Blech- und Glasbearbeitung, für "
                    "Profile und scharfkantige Bauteile. Der nahtlose Strick sitzt "
                    "eng, die dünne PU-Beschichtung greift sicher auf trockenen und "
                    "leicht öligen Oberflächen und lässt den Handrücken atmen. Fein "
                    "genug, um Schrauben aufzuheben.",
                ),
            ),
            (
                "Was bedeutet 4X42D?",
                (
                    "Die Kennzeichnung nach EN 388 (Schutz gegen mechanische Risiken) "
                    "steht für:",
                    "- 4: Abriebfestigkeit, Stufe 4 von 4",
                    "- X: Schnittfestigkeit im Coupe-Test nicht angegeben, weil "
                    "Hochleistungsfasern die Prüfklinge abstumpfen",
                    "- 4: Weiterreißfestigkeit, Stufe 4 von 4",
                    "- 2: Durchstichfestigkeit, Stufe 2 von 4",
                    "- D: Schnittfestigkeit im TDM-Test nach EN ISO 13997, "
                    "mindestens 15 Newton (Stufen A bis F)",
                    "Stufe D steht für einen hohen Schnittschutz, wie er beim "
                    "Umgang mit Blechen und Flachglas gefordert wird.",
                ),
            ),
        ),
        back=(
            (
                "Pflege",
                (
                    "In der Maschine bei 40 °C mit Feinwaschmittel waschen, ohne "
                    "Bleiche und Weichspüler. Nicht im Trockner trocknen und nicht "
                    "bügeln. Die Schnittschutzwerte sind für bis zu 10 Wäschen "
                    "nachgewiesen.",
                ),
            ),
            (
                "Lagerung",
                (
                    "In der Originalverpackung trocken und vor Licht geschützt bei 5 "
                    "bis 30 °C lagern. Ungebrauchte Handschuhe sind 5 Jahre ab "
                    "Herstelldatum verwendbar.",
                ),
            ),
            (
                "Einsatzgrenzen",
                (
                    "- Nicht an Maschinen mit rotierenden Teilen tragen, etwa an "
                    "Bohrmaschinen, Drehbänken oder Kreissägen: Einzugsgefahr!",
                    "- Kein Schutz gegen Stiche mit Nadeln oder Kanülen und kein "
                    "Schutz gegen Kettensägen.",
                    "- Kein Schutz gegen Chemikalien und Hitze (nicht nach EN ISO 374 "
                    "und EN 407 geprüft).",
                    "- Handschuhe mit Löchern oder durchgescheuerter Beschichtung "
                    "sofort ersetzen.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Gebrauchte Handschuhe über den Restmüll entsorgen. Sind sie mit "
                    "Öl oder Gefahrstoffen verschmutzt, gelten die Vorgaben Ihres "
                    "Betriebs für gefährliche Abfälle.",
                ),
            ),
        ),
    ),
    DataSheet(
        filename="ffp3-maske-mit-ventil.pdf",
        product="FFP3-Maske mit Ventil",
        model="HA-10189",
        facts=(
            ("Marke", "Hartmann Pro"),
            ("Material", "mehrlagiges Filtervlies, Dichtlippe aus Schaumstoff"),
            ("Ausatemventil", "ja"),
            ("Norm", "EN 149:2001+A1:2009 FFP3 NR D"),
            ("Farbe", "weiß"),
            ("Größe", "Einheitsgröße"),
            ("Verpackung", "einzeln hygienisch verpackt"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Faltbare Atemschutzmaske der höchsten Schutzstufe gegen Stäube, "
                    "Rauch und Aerosole, zum Beispiel beim Schleifen, bei "
                    "Hartholzstaub, Mineralwolle oder der Schimmelsanierung. Das "
                    "Ausatemventil senkt den Atemwiderstand und verhindert Wärme- und "
                    "Feuchtestau unter der Maske.",
                    "NR (non reusable) bedeutet: nur für eine Arbeitsschicht von "
                    "höchstens 8 Stunden. D steht für die bestandene "
                    "Dolomitstaubprüfung: Die Maske setzt sich auch bei hoher "
                    "Staubbelastung nicht vorzeitig zu.",
                ),
            ),
            (
                "FFP2 oder FFP3?",
                (
                    "- Filterdurchlass: FFP2 höchstens 6 %, FFP3 höchstens 1 %",
                    "- Gesamtleckage nach innen: FFP2 höchstens 11 %, FFP3 höchstens "
                    "5 %",
                    "- Einsatz bis zum 10-Fachen des Arbeitsplatzgrenzwerts mit FFP2, "
                    "bis zum 30-Fachen mit FFP3 (DGUV Regel 112-190)",
                    "FFP2 genügt für die meisten mineralischen Stäube. FFP3 brauchen "
                    "Sie bei krebserzeugenden Stäuben, bei Schimmelsporen und "
                    "Bakterien sowie bei hohen Konzentrationen.",
                ),
            ),
            (
                "Tragezeit",
                (
                    "Nach DGUV Regel 112-190 ist die Tragezeit begrenzt: Masken mit "
                    "Ausatemventil dürfen 120 Minuten am Stück getragen werden, "
                    "danach folgt eine Erholungspause von 30 Minuten. Für Masken ohne "
                    "Ventil gelten 75 Minuten.",
                ),
            ),
        ),
        back=(
            (
                "Anlegen und Dichtsitz",
                (
                    "Maske auffalten, das obere Band auf den Hinterkopf und das "
                    "untere in den Nacken legen, den Nasenbügel mit beiden Händen "
                    "andrücken. Prüfen Sie vor jedem Einsatz den Dichtsitz: Hände "
                    "über die Maske legen und kräftig ausatmen. Entweicht Luft an den "
                    "Rändern, korrigieren Sie den Sitz. Bei Bart oder Koteletten im "
                    "Bereich der Dichtlinie ist kein dichter Sitz möglich.",
                ),
            ),
            (
                "Einsatzgrenzen",
                (
                    "- Kein Schutz gegen Gase und Dämpfe.",
                    "- Nicht bei Sauerstoffmangel (unter 17 Vol.-%) und nicht in "
                    "Behältern oder engen Räumen einsetzen.",
                    "- Das Ventil lässt die Ausatemluft ungefiltert nach außen. Als "
                    "Schutz anderer Personen, etwa im medizinischen Bereich, ist die "
                    "Maske nicht geeignet.",
                    "- Spätestens nach einer Schicht entsorgen, früher bei "
                    "Beschädigung, Verschmutzung oder spürbar höherem "
                    "Atemwiderstand.",
                ),
            ),
            (
                "Lagerung",
                (
                    "In der ungeöffneten Originalverpackung bei -20 °C bis +25 °C und "
                    "unter 80 % relativer Luftfeuchte lagern. Haltbar 3 Jahre ab "
                    "Herstelldatum; das Ablaufdatum steht neben dem Sanduhr-Symbol "
                    "auf der Verpackung.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Benutzte Masken über den Restmüll entsorgen. Masken, die mit "
                    "Gefahrstoffen wie Asbest belastet sind, entsorgen Sie nach den "
                    "Vorgaben Ihres Betriebs. Aus hygienischen Gründen sind geöffnete "
                    "Masken vom Umtausch ausgeschlossen.",
                ),
            ),
        ),
    ),
    DataSheet(
        filename="regenjacke-nordsee.pdf",
        product="Regenjacke Nordsee",
        model="HA-10206",
        facts=(
            ("Marke", "Hartmann Pro"),
            ("Material", "PU auf Polyester, Nähte verschweißt"),
            ("Ausstattung", "Kapuze mit Kordelzug, 2 Taschen mit Patte"),
            ("Norm", "EN 343 Klasse 3/1"),
            ("Farben", "gelb, marine, oliv, schwarz"),
            ("Größen", "XS bis 4XL"),
        ),
        front=(
            (
                "Beschreibung",
                (
                    "Wasserdichte Regenjacke für Bau, Landwirtschaft, Garten- und "
                    "Landschaftsbau und Logistik. Die PU-Beschichtung und die "
                    "verschweißten Nähte halten auch Dauerregen stand. Verdeckter "
                    "Reißverschluss mit Druckknopfleiste, Windfang in den Ärmeln.",
                ),
            ),
            (
                "Was bedeutet EN 343 Klasse 3/1?",
                (
                    "EN 343 ist die Norm für Schutzkleidung gegen Regen. Die erste "
                    "Ziffer gibt die Wasserdichtheit an, die zweite die "
                    "Atmungsaktivität, jeweils in drei Klassen.",
                    "- Wasserdichtheit Klasse 3: höchste Klasse, mindestens 13.000 Pa "
                    "Wasserdurchgangswiderstand, auch nach Vorbehandlung",
                    "- Atmungsaktivität Klasse 1: niedrigste Klasse, "
                    "Wasserdampfdurchgangswiderstand über 40 m² Pa/W",
                    "Weil die Jacke kaum Wasserdampf nach außen lässt, empfiehlt die "
                    "Norm bei Klasse 1 eine begrenzte Tragedauer am Stück:",
                    "- bei 25 °C höchstens 60 Minuten",
                    "- bei 20 °C höchstens 75 Minuten",
                    "- bei 15 °C höchstens 100 Minuten",
                    "- bei 10 °C höchstens 240 Minuten",
                    "- bei 5 °C und darunter ohne Begrenzung",
                ),
            ),
        ),
        back=(
            (
                "Pflege",
                (
                    "Bei 40 °C im Schonwaschgang mit Feinwaschmittel waschen; vorher "
                    "Reißverschluss und Druckknöpfe schließen. Kein Weichspüler, "
                    "keine Bleiche, nicht chemisch reinigen. Nicht im Trockner "
                    "trocknen und nicht bügeln, denn Beschichtung und verschweißte "
                    "Nähte vertragen keine Hitze. Auf einem Bügel bei "
                    "Raumtemperatur trocknen lassen.",
                    "Lehm und Erde lassen sich nach dem Trocknen abbürsten oder mit "
                    "einem feuchten Schwamm abwischen; die Jacke muss nicht nach "
                    "jedem Einsatz gewaschen werden. Die Wasserdichtheit der Klasse 3 "
                    "ist auch nach 5 Wäschen nachgewiesen.",
                ),
            ),
            (
                "Lagerung",
                (
                    "Nur vollständig trocken lagern, am besten hängend. Nass "
                    "zusammengelegte PU-Kleidung kann verkleben und stockig riechen.",
                ),
            ),
            (
                "Einsatzgrenzen",
                (
                    "- Nicht flammhemmend: nicht in der Nähe von offenen Flammen, "
                    "Funkenflug oder heißen Oberflächen tragen.",
                    "- Keine Warnschutzkleidung: Im Straßenverkehr tragen Sie "
                    "zusätzlich eine Warnweste nach EN ISO 20471.",
                    "- Kein Schutz gegen Chemikalien.",
                    "- Ersetzen, wenn Wasser an den Nähten durchdringt oder die "
                    "Beschichtung bricht oder abblättert.",
                ),
            ),
            (
                "Entsorgung",
                (
                    "Über den Restmüll entsorgen. PU-beschichtete Kleidung eignet "
                    "sich nicht für die Altkleidersammlung.",
                ),
            ),
        ),
    ),
)


class _SheetPDF(FPDF):
    """A4 page with the company's header line and an address footer."""

    def __init__(self, sheet: DataSheet) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.sheet = sheet
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=22)

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.set_text_color(90, 90, 90)
        self.cell(85, 5, COMPANY, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.cell(0, 5, "Produktdatenblatt", align="R")
        self.ln(6)
        self.set_draw_color(200, 120, 0)
        self.line(20, self.get_y(), 190, self.get_y())
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-16)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, f"{COMPANY} - {ADDRESS}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(85, 4, f"{self.sheet.product} ({self.sheet.model}) - {ISSUE}")
        self.cell(0, 4, f"Seite {self.page_no()} von {{nb}}", align="R")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("Helvetica", "B", 11)
        self.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        if text.startswith("- "):
            self.set_x(self.l_margin + 3)
            self.cell(4, 5, "-")
            self.multi_cell(0, 5, text[2:], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(2)

    def sections(self, sections: Sequence[Section]) -> None:
        for title, paragraphs in sections:
            self.heading(title)
            for text in paragraphs:
                self.paragraph(text)


def data_sheet_pdf(sheet: DataSheet) -> bytes:
    """The two-page data sheet as PDF bytes, the same on every run."""
    pdf = _SheetPDF(sheet)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(f"Produktdatenblatt {sheet.product}")
    pdf.set_author(COMPANY)
    pdf.set_subject(f"{sheet.product}, Artikel {sheet.model}")
    pdf.set_creator("demo/knowledge.py")
    pdf.set_lang("de-DE")

    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 9, sheet.product, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"Modell {sheet.model}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for key, value in sheet.facts:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(40, 6, key, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.sections(sheet.front)
    if pdf.page_no() != 1:
        raise ValueError(f"{sheet.filename}: page 1 runs over")

    pdf.add_page()
    pdf.sections(sheet.back)
    if pdf.page_no() != 2:
        raise ValueError(f"{sheet.filename}: page 2 runs over")
    return bytes(pdf.output())


# --- the care guide -------------------------------------------------------------

CARE_GUIDE_TITLE = "Pflegehinweise für Arbeitskleidung"

# (kind, text): "h1" and "h2" are headings, "p" a paragraph, "li" a bullet point
CARE_GUIDE: Sequence[Tuple[str, str]] = (
    (
        "p",
        "Richtig gepflegte Arbeitskleidung hält länger, sieht ordentlich aus und "
        "behält, wenn es sich um Schutzkleidung handelt, ihre Schutzwirkung. Diese "
        "Hinweise gelten für die Arbeits- und Warnschutzkleidung aus unserem "
        "Sortiment. Maßgeblich ist immer das eingenähte Etikett; für persönliche "
        "Schutzausrüstung finden Sie weitere Angaben im jeweiligen "
        "Produktdatenblatt.",
    ),
    ("h1", "Vor dem Waschen"),
    (
        "li",
        "Leeren Sie alle Taschen: Zollstock, Schrauben und Papiertaschentücher "
        "beschädigen Trommel und Stoff.",
    ),
    (
        "li",
        "Schließen Sie Reißverschlüsse, Klettverschlüsse und Druckknöpfe, damit "
        "sie andere Teile nicht aufrauen.",
    ),
    (
        "li",
        "Drehen Sie die Kleidung auf links. Das schont Farben, Reflexstreifen und "
        "Logos.",
    ),
    (
        "li",
        "Waschen Sie Warnschutzkleidung immer getrennt von dunkler Kleidung. "
        "Fluoreszierende Farben nehmen Fremdfarbe leicht an und erfüllen dann unter "
        "Umständen die Norm nicht mehr.",
    ),
    (
        "li",
        "Füllen Sie die Maschine nur zu zwei Dritteln, damit die Kleidung "
        "gründlich gespült wird.",
    ),
    ("h1", "Waschen"),
    ("h2", "Waschtemperaturen nach Artikel"),
    (
        "li",
        "Bundhosen, Latzhosen, Arbeitsjacken und Arbeitsshorts aus Mischgewebe "
        "(65 % Polyester, 35 % Baumwolle): 60 °C",
    ),
    (
        "li",
        "T-Shirts aus 100 % Baumwolle: 60 °C; bei der ersten Wäsche können sie um "
        "bis zu 5 % einlaufen",
    ),
    (
        "li",
        "Poloshirts (50 % Baumwolle, 50 % Polyester): 60 °C, auch für die "
        "Industriewäsche geeignet",
    ),
    (
        "li",
        "Warnwesten und Warnschutz-T-Shirts: 60 °C; die zulässige Zahl der "
        "Wäschen steht auf dem Etikett",
    ),
    (
        "li",
        "Warnschutzjacken, Regenjacken und Regenhosen mit PU-Beschichtung: 40 °C, "
        "Schonwaschgang",
    ),
    ("li", "Softshelljacken und Fleecejacken: 30 °C, Schonwaschgang"),
    ("h2", "Das richtige Waschmittel"),
    (
        "p",
        "Für farbige Arbeitskleidung und Warnschutzkleidung nehmen Sie ein "
        "Colorwaschmittel ohne Bleiche und ohne optische Aufheller; Vollwaschmittel "
        "bleichen fluoreszierende Farben mit der Zeit aus. Verzichten Sie bei "
        "Softshell, Regenkleidung und Warnschutzkleidung ganz auf Weichspüler. Er "
        "legt sich auf die Fasern, verschlechtert die Wasserabweisung und mindert "
        "die Rückstrahlung der Reflexstreifen.",
    ),
    (
        "p",
        "Öl- und Fettflecken behandeln Sie vor der Wäsche mit Gallseife oder einem "
        "Fleckenspray vor. Benzin, Verdünner und andere Lösungsmittel greifen "
        "Beschichtungen und Reflexstreifen an und sind tabu.",
    ),
    ("h2", "Industriewäsche"),
    (
        "p",
        "Unsere Poloshirts sind für die Industriewäsche geeignet. Warnschutzkleidung "
        "darf nur dann industriell gewaschen werden, wenn das Etikett es ausdrücklich "
        "erlaubt. Nennen Sie Ihrem Wäschereidienstleister in diesem Fall die "
        "zulässige Zahl der Waschzyklen, damit er sie mitzählen kann.",
    ),
    ("h1", "Trocknen und Bügeln"),
    (
        "p",
        "Kleidung aus Baumwolle und Mischgewebe darf bei niedriger Temperatur in den "
        "Trockner. Nehmen Sie sie leicht feucht heraus, dann läuft sie weniger ein "
        "und lässt sich leichter glätten. Nicht in den Trockner gehören Warnwesten, "
        "Regenkleidung und Warnschutzjacken mit PU-Beschichtung: Sie trocknen auf "
        "einem Bügel bei Raumtemperatur.",
    ),
    (
        "p",
        "Softshelljacken sind eine Ausnahme: Geben Sie sie nach der Wäsche 20 "
        "Minuten bei niedriger Temperatur in den Trockner. Die Wärme frischt die "
        "wasserabweisende Imprägnierung wieder auf.",
    ),
    (
        "p",
        "Mischgewebe bügeln Sie bei mittlerer Temperatur (zwei Punkte). Bügeln Sie "
        "niemals über Reflexstreifen, Transferdrucke oder beschichtete Flächen.",
    ),
    ("h1", "Reparaturen"),
    (
        "p",
        "Kleine Risse und offene Nähte sollten Sie bald reparieren, bevor sie "
        "größer werden. Das gilt besonders für die Kniepolstertaschen: Reißen sie "
        "aus, bleiben die Kniepolster nicht mehr an ihrem Platz.",
    ),
    (
        "p",
        "Bei Warnschutzkleidung dürfen Flicken, Aufnäher oder Logos die "
        "Reflexstreifen und das fluoreszierende Material nicht verdecken. Ist eine "
        "Warnweste an einer großen Stelle beschädigt, ersetzen Sie sie. Kleine "
        "Löcher in Regenkleidung dichten Sie von innen mit einem PU-Reparaturflicken "
        "ab; aufgegangene verschweißte Nähte lassen sich nicht zuverlässig "
        "reparieren.",
    ),
    (
        "p",
        "Für Arbeitskleidung, die Sie bei uns gekauft haben, tauschen wir über eine "
        "Partnerschneiderei in Chemnitz Reißverschlüsse, Knöpfe und "
        "Kniepolstertaschen aus. Sie erhalten vorher einen Kostenvoranschlag; die "
        "Reparatur dauert in der Regel 8 Arbeitstage.",
    ),
    ("h1", "Wann ist es Zeit für neue Kleidung?"),
    ("h2", "Warnschutzkleidung"),
    (
        "p",
        "Ersetzen Sie Warnschutzkleidung, sobald die auf dem Etikett angegebene "
        "Zahl der Wäschen erreicht ist, wenn die Leuchtfarbe ausgeblichen oder "
        "dauerhaft verschmutzt ist oder wenn die Reflexstreifen Risse zeigen oder "
        "sich ablösen.",
    ),
    (
        "p",
        "Taschenlampentest: Leuchten Sie die Streifen im Dunkeln aus etwa 5 m "
        "Entfernung mit einer Taschenlampe an, die Sie auf Augenhöhe halten. Wirken "
        "einzelne Abschnitte deutlich dunkler als andere, hat das Material seine "
        "Rückstrahlung verloren.",
    ),
    ("h2", "Alle anderen Kleidungsstücke"),
    (
        "li",
        "Regenkleidung, wenn Wasser an den Nähten durchdringt oder die "
        "Beschichtung abblättert",
    ),
    (
        "li",
        "Arbeitshosen, wenn der Stoff an den Knien durchgescheuert ist oder die "
        "Kniepolstertaschen ausgerissen sind",
    ),
    (
        "li",
        "jede Kleidung, die mit Öl getränkt ist: Ölgetränkte Kleidung ist leicht "
        "entflammbar und muss sofort gewechselt werden",
    ),
    (
        "li",
        "jede Kleidung, die mit Gefahrstoffen verschmutzt ist, die sich nicht "
        "auswaschen lassen",
    ),
    ("h1", "Lagerung"),
    (
        "p",
        "Lagern Sie Arbeitskleidung sauber, trocken, dunkel und gut belüftet, am "
        "besten hängend. Legen Sie nur gewaschene und vollständig trockene Kleidung "
        "in den Spind: Schmutz und Feuchtigkeit führen zu Stockflecken. "
        "Warnschutzkleidung gehört nicht ins Sonnenlicht, denn UV-Strahlung bleicht "
        "die Leuchtfarben aus.",
    ),
    ("h1", "Rücknahme alter Arbeitskleidung"),
    (
        "p",
        "Gewaschene Arbeitskleidung, die Sie bei uns gekauft haben, nehmen wir in "
        "unserem Abholmarkt in Chemnitz kostenlos zurück und geben sie an einen "
        "Textilverwerter weiter.",
    ),
    (
        "p",
        f"{COMPANY}, Zwickauer Straße 214, 09116 Chemnitz, "
        f"service@hartmann-arbeitsschutz.example. {ISSUE}.",
    ),
)


def care_guide_docx() -> bytes:
    """The care guide as a Word file with real headings, the same on every run."""
    document = Document()
    properties = document.core_properties
    properties.title = CARE_GUIDE_TITLE
    properties.subject = (
        "Waschen, Trocknen, Reparieren und Ersetzen von Arbeitskleidung"
    )
    properties.author = COMPANY
    properties.last_modified_by = COMPANY
    properties.language = "de-DE"
    properties.revision = 1
    properties.created = FIXED_DATE.replace(tzinfo=None)
    properties.modified = FIXED_DATE.replace(tzinfo=None)
    properties.last_printed = FIXED_DATE.replace(tzinfo=None)

    document.add_heading(CARE_GUIDE_TITLE, level=0)
    for kind, text in CARE_GUIDE:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "h2":
            document.add_heading(text, level=2)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip archive with every member's timestamp set to FIXED_DATE."""
    stamp = FIXED_DATE.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                info = zipfile.ZipInfo(item.filename, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, source.read(item.filename))
    return out.getvalue()


def main() -> int:
    """Write the data sheets and the care guide; print what was written."""
    sheets = KNOWLEDGE / "datenblaetter"
    sheets.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in DATA_SHEETS:
        path = sheets / sheet.filename
        path.write_bytes(data_sheet_pdf(sheet))
        written.append(path)
    path = KNOWLEDGE / "pflegehinweise.docx"
    path.write_bytes(care_guide_docx())
    written.append(path)
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
