"""The SLA report page: deadlines kept per agency and service, with charts, and the satisfaction survey's figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from hub.api.deps import SessionDep
from hub.cases.charts import SEGMENTS, stacked_bars
from hub.cases.reports import report
from hub.cases.satisfaction import REASONS, satisfaction_report
from hub.cases.service import today_tw
from hub.cases.stats import Tally
from hub.catalogue.store import current_catalogue
from hub.staff.accounts import Role, StaffPrincipal
from hub.web.auth import page_role
from hub.web.i18n import tr
from hub.web.render import page

router = APIRouter(include_in_schema=False)
CounterPage = Annotated[StaffPrincipal, Depends(page_role(Role.COUNTER))]


def _values(t: Tally) -> dict[str, int]:
    return {key: getattr(t, key) for key, _, _ in SEGMENTS}


def _rate(t: Tally) -> str:
    return "—" if t.on_time_rate is None else f"{t.on_time_rate:.1%}"


@router.get("/staff/reports/sla")
def sla_page(request: Request, staff: CounterPage, session: SessionDep) -> Response:
    rep = report(session, today_tw())

    def label(text: str) -> str:
        return tr(request, text)

    names = {s.code: s.name for s in current_catalogue(session).services}
    agency_rows = [(k, _values(v)) for k, v in sorted(rep.by_agency.items())]
    service_rows = [(names.get(k, k), _values(v)) for k, v in sorted(rep.by_service.items())]
    return page(
        request,
        "cases/sla.html",
        rep=rep,
        rate=_rate,
        agency_chart=stacked_bars(tr(request, "各機關案件時限狀況"), agency_rows, label=label),
        service_chart=stacked_bars(tr(request, "各項目案件時限狀況"), service_rows, label=label),
        sat=satisfaction_report(session),
        service_names=names,
        reason_names=REASONS,
    )
