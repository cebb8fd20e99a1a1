"""N+e cross-agency notices (issue 16, seed 002): one consent at the counter, a signed daily batch per agency."""

from hub.nplus_e import models as models
