"""``/workflow``: every casework route in one router, for the application to include under ``/api/v1``::

from smokeindex.workflow.views import router as workflow_router
app.include_router(workflow_router, prefix="/api/v1")
"""

from __future__ import annotations

from fastapi import APIRouter

from smokeindex.workflow.blacklist import views as blacklist
from smokeindex.workflow.cases import views as cases
from smokeindex.workflow.dispositions import views as dispositions
from smokeindex.workflow.evidence_files import views as evidence_files
from smokeindex.workflow.leads import views as leads
from smokeindex.workflow.tasks import views as tasks

router = APIRouter(prefix="/workflow")
for module in (leads, dispositions, tasks, blacklist, cases, evidence_files):
    router.include_router(module.router)
