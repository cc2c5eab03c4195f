"""Which shipping options serve a country, and when an order placed now leaves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List, Optional

from kontor.company import Company, ShippingOption
from kontor.hours import intervals_on

# Far enough to step over Christmas to New Year and an inventory week.
_SEARCH_DAYS = 30


def options_for(
    company: Company, country: Optional[str] = None, kind: Optional[str] = None
) -> List[ShippingOption]:
    """The options that deliver to ``country`` (any, if None) of type ``kind``."""
    return [
        option
        for option in company.shipping.options
        if (country is None or option.serves(country, company.holidays.country))
        and (kind is None or option.type == kind)
    ]


def serves(company: Company, country: str) -> bool:
    """Whether any standard option delivers to ``country``."""
    return bool(options_for(company, country))


@dataclass(frozen=True)
class Dispatch:
    """When an order placed at ``ordered`` leaves the warehouse."""

    ordered: dt.datetime
    day: Optional[dt.date]
    cutoff: Optional[dt.time]

    @property
    def today(self) -> bool:
        """True if the order still leaves on the day it is placed."""
        return self.day == self.ordered.date()


def dispatch(company: Company, ordered: dt.datetime) -> Dispatch:
    """The day an order placed at ``ordered`` leaves the warehouse.

    That is today until the cut-off on a working day (a day the company opens), else
    the next working day.
    """
    local = ordered.astimezone(company.tz)
    cutoff = company.shipping.same_day_cutoff
    today = local.date()
    if intervals_on(company, today) and (cutoff is None or local.time() < cutoff):
        return Dispatch(local, today, cutoff)
    for offset in range(1, _SEARCH_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        if intervals_on(company, day):
            return Dispatch(local, day, cutoff)
    return Dispatch(local, None, cutoff)
