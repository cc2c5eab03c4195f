"""Write the demo company's ERP exports: its price list and its orders.

The files in this folder were written by this script; `make run` imports them into an
empty database. Run it again after changing the product families below:

    .venv/bin/python demo/generate.py             # demo/artikel.csv, demo/bestellungen.csv
    .venv/bin/python demo/generate.py --variants 50000 --out /tmp/big.csv

``--variants N`` writes a price list of about N variants (the benchmarks' large
catalogs): the same families with more models. Everything is drawn from a seeded random
generator, so the output is the same on every machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kontor.erp import write_export  # noqa: E402

CATALOG_HEADERS = [
    "Artikelnummer",
    "Modell",
    "Bezeichnung",
    "Bezeichnung EN",
    "Warengruppe",
    "Warengruppe EN",
    "Produktart",
    "Produktart EN",
    "Marke",
    "Material",
    "Normen",
    "Farbe",
    "Größe",
    "Einheit",
    "Bestand",
    "Preis netto (EUR)",
    "Staffel 1 ab",
    "Staffel 1 Preis",
    "Staffel 2 ab",
    "Staffel 2 Preis",
    "Staffel 3 ab",
    "Staffel 3 Preis",
    "Lieferzeit (Arbeitstage)",
    "Beschreibung",
    "Beschreibung EN",
]
ORDER_HEADERS = [
    "Bestellnummer",
    "Bestelldatum",
    "E-Mail",
    "PLZ",
    "Land",
    "Status",
    "Bezahlt am",
    "Versendet am",
    "Zugestellt am",
    "Retoure am",
    "Versanddienstleister",
    "Sendungsnummer",
    "Voraussichtliche Lieferung",
    "Position",
    "Artikelnummer",
    "Bezeichnung",
    "Menge",
]

CLOTHING = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL"]
TROUSERS = ["42", "44", "46", "48", "50", "52", "54", "56", "58", "60", "62", "64"]
SHOES = [str(n) for n in range(36, 49)]
GLOVES = ["6", "7", "8", "9", "10", "11"]
ONE_SIZE: List[str] = [""]

# colour as written in the price list, and in English
COLOURS: Dict[str, str] = {
    "warngelb": "hi-vis yellow",
    "warnorange": "hi-vis orange",
    "warngelb/marine": "hi-vis yellow/navy",
    "warnorange/marine": "hi-vis orange/navy",
    "warnrot": "hi-vis red",
    "marine": "navy",
    "schwarz": "black",
    "grau": "grey",
    "anthrazit/schwarz": "anthracite/black",
    "kornblau": "royal blue",
    "weiß": "white",
    "rot": "red",
    "grün": "green",
    "oliv": "olive",
    "khaki": "khaki",
    "blau": "blue",
    "gelb": "yellow",
    "orange": "orange",
    "transparent": "clear",
    "braun": "brown",
}


@dataclass(frozen=True)
class Family:
    """A kind of product; each model name makes one product of it."""

    category: Tuple[str, str]
    kind: Tuple[str, str]
    norms: str
    material: str
    sizes: Sequence[str]
    colours: Sequence[str]
    price: Tuple[float, float]
    unit: str
    lead: Tuple[int, int]
    tiers: Tuple[int, int, int]
    models: Sequence[str]
    text: Tuple[str, str]


HIVIS = ("Warnschutzkleidung", "High-visibility clothing")
SHOES_CAT = ("Sicherheitsschuhe", "Safety footwear")
WORKWEAR = ("Arbeitskleidung", "Workwear")
GLOVES_CAT = ("Schutzhandschuhe", "Protective gloves")
HEAD = ("Kopfschutz", "Head protection")
EYES = ("Augenschutz", "Eye protection")
EARS = ("Gehörschutz", "Hearing protection")
BREATH = ("Atemschutz", "Respiratory protection")
FALL = ("Absturzsicherung", "Fall protection")
FIRST_AID = ("Erste Hilfe", "First aid")
RAIN = ("Wetterschutz", "Rainwear")

FAMILIES: List[Family] = [
    Family(
        HIVIS,
        ("Warnweste", "hi-vis vest"),
        "EN ISO 20471 Klasse 2",
        "100 % Polyester",
        ["S/M", "L/XL", "XXL/3XL"],
        ["warngelb", "warnorange"],
        (2.9, 9.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        [
            "Basic",
            "Klett",
            "Reißverschluss",
            "Multi",
            "Mesh",
            "Kids",
            "Eco",
            "Komfort",
            "Plus",
            "Taschen",
            "Funk",
            "Jumbo",
        ],
        (
            "Leichte Warnweste mit zwei retroreflektierenden Streifen, waschbar bei 60 °C.",
            "Lightweight hi-vis vest with two retroreflective bands, washable at 60 °C.",
        ),
    ),
    Family(
        HIVIS,
        ("Warnschutzjacke", "hi-vis jacket"),
        "EN ISO 20471 Klasse 3, EN 343",
        "Polyester mit PU-Beschichtung",
        CLOTHING,
        ["warngelb/marine", "warnorange/marine", "warngelb"],
        (39.0, 89.0),
        "Stück",
        (8, 15),
        (10, 25, 50),
        [
            "Leipzig",
            "Dresden",
            "Zwickau",
            "Plauen",
            "Freiberg",
            "Görlitz",
            "Chemnitz",
            "Glauchau",
            "Mittweida",
            "Oelsnitz",
            "Crimmitschau",
            "Werdau",
        ],
        (
            "Wasserdichte Warnschutzjacke mit abnehmbarer Kapuze und Innenfutter.",
            "Waterproof hi-vis jacket with detachable hood and lining.",
        ),
    ),
    Family(
        HIVIS,
        ("Warnschutz-Bundhose", "hi-vis work trousers"),
        "EN ISO 20471 Klasse 2",
        "65 % Polyester, 35 % Baumwolle",
        TROUSERS,
        ["warngelb/marine", "warnorange/marine"],
        (34.0, 59.0),
        "Stück",
        (8, 15),
        (10, 25, 50),
        ["Meißen", "Riesa", "Pirna", "Bautzen", "Kamenz", "Torgau", "Döbeln", "Grimma"],
        (
            "Warnschutz-Bundhose mit Kniepolstertaschen und Zollstocktasche.",
            "Hi-vis trousers with knee-pad pockets and rule pocket.",
        ),
    ),
    Family(
        HIVIS,
        ("Warnschutz-T-Shirt", "hi-vis T-shirt"),
        "EN ISO 20471 Klasse 2",
        "100 % Polyester",
        CLOTHING,
        ["warngelb", "warnorange"],
        (9.9, 16.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        ["Aue", "Zschopau", "Mulde", "Flöha", "Sehma"],
        (
            "Atmungsaktives Warnschutz-T-Shirt mit Reflexstreifen.",
            "Breathable hi-vis T-shirt with reflective tape.",
        ),
    ),
    Family(
        HIVIS,
        ("Warnschutz-Softshelljacke", "hi-vis softshell jacket"),
        "EN ISO 20471 Klasse 2",
        "Softshell, 3-lagig",
        CLOTHING,
        ["warngelb/marine", "warnorange/marine"],
        (49.0, 79.0),
        "Stück",
        (8, 15),
        (10, 25, 50),
        ["Elster", "Pleiße", "Striegis", "Wesenitz", "Spree"],
        (
            "Winddichte Warnschutz-Softshelljacke mit Fleece-Innenseite.",
            "Windproof hi-vis softshell jacket with fleece lining.",
        ),
    ),
    Family(
        SHOES_CAT,
        ("Sicherheitshalbschuh", "low-cut safety shoe"),
        "EN ISO 20345 S1P",
        "Veloursleder, Textil",
        SHOES,
        ["schwarz", "grau", "blau"],
        (45.0, 89.0),
        "Paar",
        (10, 20),
        (10, 25, 50),
        [
            "Sprint",
            "Runner",
            "Flex",
            "Air",
            "Light",
            "Sport",
            "Step",
            "Move",
            "Speed",
            "Walk",
            "Nova",
            "Pulse",
        ],
        (
            "Leichter Sicherheitshalbschuh mit Zehenschutzkappe und durchtrittsicherer Sohle.",
            "Lightweight safety shoe with toe cap and puncture-resistant sole.",
        ),
    ),
    Family(
        SHOES_CAT,
        ("Sicherheitshalbschuh", "low-cut safety shoe"),
        "EN ISO 20345 S3 SRC",
        "Rindleder, wasserabweisend",
        SHOES,
        ["schwarz", "braun"],
        (59.0, 119.0),
        "Paar",
        (10, 20),
        (10, 25, 50),
        [
            "Erzgebirge",
            "Vogtland",
            "Lausitz",
            "Kappel",
            "Werk",
            "Granit",
            "Basalt",
            "Quarz",
            "Schiefer",
            "Gneis",
            "Porphyr",
            "Marmor",
        ],
        (
            "Wasserabweisender Sicherheitshalbschuh S3 mit rutschhemmender Sohle (SRC).",
            "Water-repellent S3 safety shoe with slip-resistant sole (SRC).",
        ),
    ),
    Family(
        SHOES_CAT,
        ("Sicherheitsstiefel", "safety boot"),
        "EN ISO 20345 S3 SRC",
        "Rindleder, wasserabweisend",
        SHOES,
        ["schwarz", "braun"],
        (69.0, 129.0),
        "Paar",
        (10, 20),
        (10, 25, 50),
        [
            "Fichtelberg",
            "Auersberg",
            "Keilberg",
            "Kahleberg",
            "Pöhlberg",
            "Bärenstein",
            "Scheibenberg",
            "Hirtstein",
            "Kuhberg",
            "Lilienstein",
        ],
        (
            "Knöchelhoher Sicherheitsstiefel S3 für Bau und Industrie.",
            "Ankle-high S3 safety boot for construction and industry.",
        ),
    ),
    Family(
        SHOES_CAT,
        ("Winterstiefel", "winter safety boot"),
        "EN ISO 20345 S3 CI SRC",
        "Rindleder, Lammfellfutter",
        SHOES,
        ["schwarz"],
        (89.0, 139.0),
        "Paar",
        (15, 25),
        (10, 25, 50),
        ["Polar", "Frost", "Taiga", "Tundra", "Arktis"],
        (
            "Gefütterter Winter-Sicherheitsstiefel mit Kälteisolierung (CI).",
            "Lined winter safety boot with cold insulation (CI).",
        ),
    ),
    Family(
        SHOES_CAT,
        ("Sicherheitsgummistiefel", "safety wellington boot"),
        "EN ISO 20345 S5",
        "PVC/Nitril",
        SHOES,
        ["grün", "schwarz", "weiß"],
        (29.0, 59.0),
        "Paar",
        (10, 20),
        (10, 25, 50),
        ["Aqua", "Food", "Agrar", "Chemie"],
        (
            "Sicherheitsgummistiefel S5 mit Stahlkappe, öl- und säurebeständig.",
            "S5 safety wellington boot with steel toe cap, oil and acid resistant.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Bundhose", "work trousers"),
        "",
        "65 % Polyester, 35 % Baumwolle, 270 g/m²",
        TROUSERS,
        ["marine", "grau", "schwarz", "grün", "kornblau", "anthrazit/schwarz"],
        (29.0, 69.0),
        "Stück",
        (5, 12),
        (10, 25, 50),
        [
            "Classic",
            "Stretch",
            "Profi",
            "Cordura",
            "Handwerk",
            "Slim",
            "Bau",
            "Service",
            "Elektro",
            "Garten",
        ],
        (
            "Strapazierfähige Bundhose mit Kniepolstertaschen und vielen Taschen.",
            "Hard-wearing work trousers with knee-pad pockets and many pockets.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Latzhose", "bib and brace overalls"),
        "",
        "65 % Polyester, 35 % Baumwolle",
        TROUSERS,
        ["marine", "grau", "kornblau", "weiß"],
        (34.0, 69.0),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Classic", "Maler", "Profi", "Stretch", "Winter", "Bau"],
        (
            "Latzhose mit verstellbaren Trägern und Kniepolstertaschen.",
            "Bib and brace overalls with adjustable braces and knee-pad pockets.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Arbeitsjacke", "work jacket"),
        "",
        "65 % Polyester, 35 % Baumwolle",
        CLOTHING,
        ["marine", "grau", "schwarz", "grün", "kornblau"],
        (34.0, 79.0),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Classic", "Stretch", "Profi", "Winter", "Bau", "Service", "Elektro"],
        (
            "Robuste Arbeitsjacke mit Brusttaschen und Handytasche.",
            "Robust work jacket with chest pockets and phone pocket.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Softshelljacke", "softshell jacket"),
        "",
        "Softshell, 3-lagig",
        CLOTHING,
        ["schwarz", "marine", "grau", "rot"],
        (39.0, 79.0),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Wind", "Trail", "Profi", "Light", "Hybrid", "Damen"],
        (
            "Wind- und wasserabweisende Softshelljacke, bestickbar.",
            "Wind- and water-repellent softshell jacket, can be embroidered.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Fleecejacke", "fleece jacket"),
        "",
        "100 % Polyester-Fleece",
        CLOTHING,
        ["schwarz", "marine", "grau", "rot", "grün"],
        (19.0, 39.0),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Basic", "Warm", "Micro", "Damen"],
        (
            "Wärmende Fleecejacke mit durchgehendem Reißverschluss.",
            "Warm fleece jacket with full-length zip.",
        ),
    ),
    Family(
        WORKWEAR,
        ("T-Shirt", "T-shirt"),
        "",
        "100 % Baumwolle, 180 g/m²",
        CLOTHING,
        [
            "weiß",
            "schwarz",
            "marine",
            "grau",
            "rot",
            "grün",
            "kornblau",
            "gelb",
            "orange",
        ],
        (4.9, 12.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        ["Basic", "Heavy", "Bio", "Damen", "V-Ausschnitt", "Langarm"],
        (
            "T-Shirt aus Baumwolle, bedruck- und bestickbar.",
            "Cotton T-shirt, suitable for printing and embroidery.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Poloshirt", "polo shirt"),
        "",
        "50 % Baumwolle, 50 % Polyester",
        CLOTHING,
        ["weiß", "schwarz", "marine", "grau", "rot", "kornblau"],
        (12.9, 24.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        ["Basic", "Piqué", "Damen", "Brusttasche"],
        (
            "Pflegeleichtes Poloshirt, industriewäschetauglich.",
            "Easy-care polo shirt, suitable for industrial laundering.",
        ),
    ),
    Family(
        WORKWEAR,
        ("Arbeitsshorts", "work shorts"),
        "",
        "65 % Polyester, 35 % Baumwolle",
        TROUSERS,
        ["marine", "grau", "schwarz"],
        (24.9, 44.9),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Sommer", "Stretch", "Cargo"],
        ("Kurze Arbeitshose mit Holstertaschen.", "Work shorts with holster pockets."),
    ),
    Family(
        GLOVES_CAT,
        ("Montagehandschuh", "assembly glove"),
        "EN 388 4131X",
        "Nylon mit Nitrilbeschichtung",
        GLOVES,
        ["grau", "schwarz", "blau"],
        (1.2, 3.9),
        "Paar",
        (5, 10),
        (12, 120, 600),
        ["Grip", "Touch", "Feel", "Dry", "Oil", "Foam", "Pro", "Lite"],
        (
            "Feinfühliger Montagehandschuh, Innenhand mit Nitril beschichtet, touchscreenfähig.",
            "Dexterous assembly glove, nitrile-coated palm, touchscreen compatible.",
        ),
    ),
    Family(
        GLOVES_CAT,
        ("Schnittschutzhandschuh", "cut-resistant glove"),
        "EN 388 4X42D",
        "HPPE mit PU-Beschichtung",
        GLOVES,
        ["grau", "schwarz"],
        (3.9, 9.9),
        "Paar",
        (5, 15),
        (12, 120, 600),
        ["Cut D", "Cut F", "Cut C", "Cut B", "Cut Oil"],
        (
            "Schnittschutzhandschuh für Blech- und Glasbearbeitung.",
            "Cut-resistant glove for sheet metal and glass handling.",
        ),
    ),
    Family(
        GLOVES_CAT,
        ("Einweg-Nitrilhandschuh", "disposable nitrile glove"),
        "EN ISO 374-1 Typ B, EN ISO 374-5",
        "Nitril, puderfrei",
        ["S", "M", "L", "XL"],
        ["blau", "schwarz"],
        (6.9, 12.9),
        "Packung",
        (5, 10),
        (10, 50, 100),
        ["100er", "Strong", "Food", "Long"],
        (
            "Puderfreie Einweg-Nitrilhandschuhe, Packung mit 100 Stück.",
            "Powder-free disposable nitrile gloves, box of 100.",
        ),
    ),
    Family(
        GLOVES_CAT,
        ("Kälteschutzhandschuh", "cold-protection glove"),
        "EN 388, EN 511",
        "Acryl-Strick mit Latexbeschichtung",
        GLOVES,
        ["orange", "schwarz"],
        (2.9, 6.9),
        "Paar",
        (5, 15),
        (12, 120, 600),
        ["Thermo", "Winter", "Ice", "Frost"],
        (
            "Gefütterter Kälteschutzhandschuh für Arbeiten im Freien.",
            "Lined cold-protection glove for outdoor work.",
        ),
    ),
    Family(
        GLOVES_CAT,
        ("Schweißerhandschuh", "welding glove"),
        "EN 12477 Typ A, EN 407",
        "Rindspaltleder",
        ["9", "10", "11"],
        ["braun", "grau"],
        (4.9, 11.9),
        "Paar",
        (5, 15),
        (12, 120, 600),
        ["Flamme", "Funke", "WIG", "MAG"],
        (
            "Fünffinger-Schweißerhandschuh aus Spaltleder mit Stulpe.",
            "Five-finger split-leather welding glove with cuff.",
        ),
    ),
    Family(
        HEAD,
        ("Schutzhelm", "safety helmet"),
        "EN 397",
        "HDPE",
        ONE_SIZE,
        ["weiß", "gelb", "rot", "blau", "orange", "grün"],
        (7.9, 34.9),
        "Stück",
        (5, 15),
        (10, 50, 100),
        ["Basis", "Komfort", "Vent", "Bau", "Elektro", "Forst", "Höhe", "Kinnriemen"],
        (
            "Industrieschutzhelm mit Ratschenverstellung, Einheitsgröße 52–63 cm.",
            "Industrial safety helmet with ratchet adjustment, one size 52–63 cm.",
        ),
    ),
    Family(
        HEAD,
        ("Anstoßkappe", "bump cap"),
        "EN 812",
        "Baumwolle mit ABS-Schale",
        ONE_SIZE,
        ["schwarz", "marine", "grau"],
        (9.9, 19.9),
        "Stück",
        (5, 15),
        (10, 50, 100),
        ["Cap"],
        (
            "Baseballkappe mit eingearbeiteter Anstoßschale.",
            "Baseball cap with built-in bump shell.",
        ),
    ),
    Family(
        EYES,
        ("Schutzbrille", "safety glasses"),
        "EN 166, EN 170",
        "Polycarbonat",
        ONE_SIZE,
        ["transparent", "gelb"],
        (3.9, 14.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        [
            "Klar",
            "Sport",
            "Kontrast",
            "Anti-Fog",
            "Sonne",
            "Überbrille",
            "Slim",
            "Panorama",
        ],
        (
            "Bügelschutzbrille mit kratzfester und beschlagfreier Scheibe.",
            "Safety spectacles with scratch-resistant, anti-fog lens.",
        ),
    ),
    Family(
        EYES,
        ("Vollsichtbrille", "safety goggles"),
        "EN 166",
        "Polycarbonat",
        ONE_SIZE,
        ["transparent"],
        (6.9, 16.9),
        "Stück",
        (5, 10),
        (10, 50, 100),
        ["Korb", "Chemie", "Staub"],
        (
            "Vollsichtbrille mit indirekter Belüftung, brillenträgergeeignet.",
            "Goggles with indirect ventilation, fit over prescription glasses.",
        ),
    ),
    Family(
        EARS,
        ("Kapselgehörschutz", "ear muffs"),
        "EN 352-1",
        "ABS",
        ONE_SIZE,
        ["gelb", "rot", "schwarz"],
        (12.9, 39.9),
        "Stück",
        (5, 15),
        (10, 25, 50),
        ["SNR 28", "SNR 33", "SNR 37", "Helm", "Bluetooth", "Kinder"],
        (
            "Kapselgehörschutz mit gepolstertem Kopfbügel.",
            "Ear muffs with padded headband.",
        ),
    ),
    Family(
        EARS,
        ("Gehörschutzstöpsel", "ear plugs"),
        "EN 352-2",
        "PU-Schaum",
        ONE_SIZE,
        ["orange", "gelb"],
        (0.19, 0.49),
        "Paar",
        (5, 10),
        (200, 1000, 2000),
        ["Soft", "Spender", "Kordel", "Bügel"],
        (
            "Einweg-Gehörschutzstöpsel, SNR 37 dB, einzeln verpackt.",
            "Disposable ear plugs, SNR 37 dB, individually wrapped.",
        ),
    ),
    Family(
        BREATH,
        ("FFP2-Maske", "FFP2 mask"),
        "EN 149 FFP2 NR",
        "Vlies",
        ONE_SIZE,
        ["weiß"],
        (0.49, 1.49),
        "Stück",
        (5, 10),
        (100, 500, 1000),
        ["ohne Ventil", "mit Ventil"],
        ("Faltbare Atemschutzmaske FFP2.", "Foldable FFP2 respirator."),
    ),
    Family(
        BREATH,
        ("FFP3-Maske", "FFP3 mask"),
        "EN 149 FFP3 NR D",
        "Vlies",
        ONE_SIZE,
        ["weiß"],
        (1.9, 3.9),
        "Stück",
        (5, 10),
        (100, 500, 1000),
        ["mit Ventil"],
        (
            "Atemschutzmaske FFP3 mit Ausatemventil, Dolomit-geprüft.",
            "FFP3 respirator with exhalation valve, dolomite-tested.",
        ),
    ),
    Family(
        BREATH,
        ("Halbmaske", "half mask"),
        "EN 140",
        "TPE",
        ["S", "M", "L"],
        ["grau"],
        (19.9, 34.9),
        "Stück",
        (10, 20),
        (10, 25, 50),
        ["Bajonett", "Komfort"],
        (
            "Halbmaske mit Bajonettanschluss für zwei Filter.",
            "Half mask with bayonet connection for two filters.",
        ),
    ),
    Family(
        FALL,
        ("Auffanggurt", "full-body harness"),
        "EN 361",
        "Polyester",
        ["M/L", "XL/XXL"],
        ["schwarz", "rot"],
        (49.0, 149.0),
        "Stück",
        (10, 25),
        (5, 10, 25),
        ["Dach", "Gerüst", "Komfort", "Rettung", "Basic"],
        (
            "Auffanggurt mit Rücken- und Brustöse.",
            "Harness with dorsal and sternal D-ring.",
        ),
    ),
    Family(
        FALL,
        ("Verbindungsmittel mit Falldämpfer", "lanyard with shock absorber"),
        "EN 354, EN 355",
        "Polyamid",
        ["1,5 m", "2 m"],
        ["schwarz", "rot"],
        (39.0, 89.0),
        "Stück",
        (10, 25),
        (5, 10, 25),
        ["Einfach", "Y", "Seil", "Band"],
        (
            "Verbindungsmittel mit Falldämpfer und zwei Karabinern.",
            "Lanyard with shock absorber and two karabiners.",
        ),
    ),
    Family(
        FIRST_AID,
        ("Verbandkasten", "first-aid kit"),
        "DIN 13157",
        "ABS",
        ONE_SIZE,
        ["weiß", "orange"],
        (19.9, 49.9),
        "Stück",
        (5, 10),
        (5, 10, 25),
        ["Betrieb", "Wand", "Baustelle", "KFZ", "Groß"],
        (
            "Betriebsverbandkasten mit Füllung nach DIN 13157, mit Wandhalterung.",
            "Workplace first-aid kit to DIN 13157, with wall bracket.",
        ),
    ),
    Family(
        RAIN,
        ("Regenjacke", "rain jacket"),
        "EN 343 Klasse 3/1",
        "PU auf Polyester",
        CLOTHING,
        ["marine", "gelb", "oliv", "schwarz"],
        (19.9, 49.9),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Nordsee", "Flex", "Ostsee", "Atmungsaktiv"],
        (
            "Wasserdichte Regenjacke mit verschweißten Nähten.",
            "Waterproof rain jacket with welded seams.",
        ),
    ),
    Family(
        RAIN,
        ("Regenhose", "rain trousers"),
        "EN 343 Klasse 3/1",
        "PU auf Polyester",
        CLOTHING,
        ["marine", "gelb", "oliv"],
        (14.9, 34.9),
        "Stück",
        (5, 12),
        (10, 25, 50),
        ["Nordsee", "Flex", "Ostsee", "Atmungsaktiv"],
        (
            "Wasserdichte Regenhose mit Gummizug.",
            "Waterproof rain trousers with elastic waist.",
        ),
    ),
]

BRANDS = ["Hartmann Pro", "Kappelwerk", "Sachsenschutz", "Nordlicht Workwear"]
DISCOUNTS = (0.95, 0.90, 0.85)


def _money(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _model_names(family: Family, repeat: int) -> List[str]:
    names = list(family.models)
    for n in range(2, repeat + 1):
        names += [f"{name} {n}" for name in family.models]
    return names


def catalog_rows(repeat: int = 1, seed: int = 7) -> List[Dict[str, object]]:
    """The price list's rows; ``repeat`` > 1 makes more models of every family."""
    rng = random.Random(seed)
    rows: List[Dict[str, object]] = []
    model_number = 10000
    for family in FAMILIES:
        for model in _model_names(family, repeat):
            model_number += 1
            brand = rng.choice(BRANDS)
            name_de = f"{family.kind[0]} {model}"
            name_en = f"{family.kind[1]} {model}".replace(
                "ohne Ventil", "without valve"
            ).replace("mit Ventil", "with valve")
            name_en = name_en[0].upper() + name_en[1:]
            colours = rng.sample(
                list(family.colours), k=min(len(family.colours), rng.randint(1, 3))
            )
            if model == family.models[0]:  # each family's first model in all colours
                colours = list(family.colours)
            base = round(rng.uniform(*family.price), 1 if family.price[1] > 5 else 2)
            if family.price[1] > 5:
                base = round(base) - 0.1 if base > 10 else base
            lead = rng.randint(*family.lead)
            for colour in colours:
                for size in family.sizes:
                    code = family.colours.index(colour) * 100 + family.sizes.index(size)
                    sku = f"{model_number}-{code + 100}"
                    # bigger sizes cost a little more, as in real price lists
                    surcharge = (
                        1.1 if size in ("3XL", "4XL", "XXL/3XL", "62", "64") else 1.0
                    )
                    price = round(base * surcharge, 2)
                    roll = rng.random()
                    stock = (
                        0
                        if roll < 0.08
                        else rng.randint(1, 40)
                        if roll < 0.3
                        else rng.randint(41, 900)
                    )
                    row: Dict[str, object] = {
                        "Artikelnummer": sku,
                        "Modell": f"HA-{model_number}",
                        "Bezeichnung": name_de,
                        "Bezeichnung EN": name_en,
                        "Warengruppe": family.category[0],
                        "Warengruppe EN": family.category[1],
                        "Produktart": family.kind[0],
                        "Produktart EN": family.kind[1],
                        "Marke": brand,
                        "Material": family.material,
                        "Normen": family.norms,
                        "Farbe": colour,
                        "Größe": size,
                        "Einheit": family.unit,
                        "Bestand": f"{stock:,}".replace(",", "."),
                        "Preis netto (EUR)": _money(price),
                        "Lieferzeit (Arbeitstage)": lead,
                        "Beschreibung": family.text[0],
                        "Beschreibung EN": family.text[1],
                    }
                    for i, (quantity, discount) in enumerate(
                        zip(family.tiers, DISCOUNTS, strict=True), 1
                    ):
                        row[f"Staffel {i} ab"] = quantity
                        row[f"Staffel {i} Preis"] = _money(price * discount)
                    rows.append(row)
    return rows


STATUSES = (
    ["eingegangen"] * 12
    + ["bezahlt"] * 18
    + ["versendet"] * 25
    + ["zugestellt"] * 35
    + ["retourniert"] * 10
)
CUSTOMERS = [
    ("einkauf@bau-richter.example", "09117"),
    ("lager@elektro-seidel.example", "04109"),
    ("m.krause@dachdeckerei-krause.example", "01067"),
    ("bestellung@stadtwerke-aue.example", "08280"),
    ("info@malerbetrieb-lange.example", "09599"),
    ("einkauf@metallbau-vogel.example", "08523"),
    ("t.schubert@gala-schubert.example", "02826"),
    ("service@logistik-erzgebirge.example", "09456"),
    ("einkauf@holzbau-fischer.example", "01662"),
    ("a.werner@kfz-werner.example", "08056"),
    ("beschaffung@klinikum-mitte.example", "04103"),
    ("office@tischlerei-bauer.example", "07545"),
    ("k.hoffmann@reinigung-hoffmann.example", "09111"),
    ("einkauf@strassenbau-koenig.example", "01219"),
    ("sebastian.meyer@example.com", "09126"),
    ("j.schmidt@example.org", "10115"),
]


def order_rows(
    catalog: List[Dict[str, object]], seed: int = 11
) -> List[Dict[str, object]]:
    """About a hundred orders in every state, placed in the two months to 1.12.2026."""
    rng = random.Random(seed)
    rows: List[Dict[str, object]] = []
    start = dt.datetime(2026, 10, 1, 8, 0)
    statuses = list(STATUSES)
    rng.shuffle(statuses)
    for index, status in enumerate(statuses):
        number = f"HA-{104700 + index * 7 + rng.randint(0, 6)}"
        email, postcode = rng.choice(CUSTOMERS)
        placed = start + dt.timedelta(
            days=rng.randint(0, 58), hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        if status in ("eingegangen", "bezahlt"):
            placed = dt.datetime(2026, 11, 24, 8, 0) + dt.timedelta(
                days=rng.randint(0, 6), hours=rng.randint(0, 9)
            )
        paid = placed + dt.timedelta(hours=rng.randint(1, 30))
        # the warehouse ships and the carrier delivers in the daytime
        shipped = _daytime(paid + dt.timedelta(days=rng.randint(0, 2)), rng)
        delivered = _daytime(shipped + dt.timedelta(days=rng.randint(1, 3)), rng)
        returned = delivered + dt.timedelta(days=rng.randint(3, 12))
        freight = rng.random() < 0.1
        carrier = "DB Schenker" if freight else "DHL"
        tracking = (
            f"SCH{rng.randint(10**8, 10**9 - 1)}"
            if freight
            else f"{rng.randint(10**11, 10**12 - 1)}"
        )
        stage = [
            "eingegangen",
            "bezahlt",
            "versendet",
            "zugestellt",
            "retourniert",
        ].index(status)
        expected = (shipped + dt.timedelta(days=4 if freight else 2)).date()
        if status in ("eingegangen", "bezahlt"):
            expected = (placed + dt.timedelta(days=5)).date()
        order = {
            "Bestellnummer": number,
            "Bestelldatum": placed.strftime("%d.%m.%Y %H:%M"),
            "E-Mail": email,
            "PLZ": postcode,
            "Land": "DE",
            "Status": status,
            "Bezahlt am": paid.strftime("%d.%m.%Y %H:%M") if stage >= 1 else "",
            "Versendet am": shipped.strftime("%d.%m.%Y %H:%M") if stage >= 2 else "",
            "Zugestellt am": delivered.strftime("%d.%m.%Y %H:%M") if stage >= 3 else "",
            "Retoure am": returned.strftime("%d.%m.%Y %H:%M") if stage >= 4 else "",
            "Versanddienstleister": carrier if stage >= 2 else "",
            "Sendungsnummer": tracking if stage >= 2 else "",
            "Voraussichtliche Lieferung": expected.strftime("%d.%m.%Y")
            if stage <= 2
            else "",
        }
        for position in range(1, rng.randint(1, 4) + 1):
            item = rng.choice(catalog)
            rows.append(
                {
                    **order,
                    "Position": position,
                    "Artikelnummer": item["Artikelnummer"],
                    "Bezeichnung": item["Bezeichnung"],
                    "Menge": rng.choice([1, 2, 5, 10, 20, 25, 50, 100]),
                }
            )
    return rows


def _daytime(moment: dt.datetime, rng: random.Random) -> dt.datetime:
    return moment.replace(hour=rng.randint(9, 15), minute=rng.randint(0, 59))


def write(path: Path, text: str, encoding: str) -> None:
    """Write ``text`` as the ERP would: CRLF lines, the given encoding."""
    path.write_bytes(text.encode(encoding))


def main(argv: Optional[List[str]] = None) -> int:
    """Write the demo exports, or a large catalog for the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--variants", type=int, help="write a catalog of about N variants"
    )
    parser.add_argument("--out", type=Path, help="where the large catalog goes")
    args = parser.parse_args(argv)
    if args.variants:
        per_repeat = len(catalog_rows())
        repeat = max(1, round(args.variants / per_repeat))
        rows = catalog_rows(repeat=repeat)
        out = args.out or Path(f"artikel-{len(rows)}.csv")
        write(out, write_export(rows, CATALOG_HEADERS), "utf-8")
        print(f"{out}: {len(rows)} Varianten")
        return 0
    catalog = catalog_rows()
    # Windows-1252, as many ERPs export by default; the orders in UTF-8 with BOM
    write(HERE / "artikel.csv", write_export(catalog, CATALOG_HEADERS), "cp1252")
    orders = order_rows(catalog)
    write(HERE / "bestellungen.csv", write_export(orders, ORDER_HEADERS), "utf-8-sig")
    products = len({row["Modell"] for row in catalog})
    print(f"demo/artikel.csv: {products} Produkte, {len(catalog)} Varianten")
    print(
        f"demo/bestellungen.csv: {len(STATUSES)} Bestellungen, {len(orders)} Positionen"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
