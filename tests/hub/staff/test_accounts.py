"""Staff accounts: ``onestop hub user add`` prints a working token; bad names and roles are refused."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from hub.staff.accounts import AccountError, Role, create_user, principal_for_token
from onestop.cli import main


def test_cli_user_add_prints_a_login_token(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], sessions: sessionmaker[Session]
) -> None:
    assert main(["hub", "user", "add", "chen.counter", "--role", "counter", "--db-url", sqlite_url]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("st_") and len(token) > 40
    from hub.db.session import make_engine, make_session_factory

    engine = make_engine(sqlite_url)
    with make_session_factory(engine)() as session:
        staff = principal_for_token(session, token)
    engine.dispose()
    assert staff is not None and staff.name == "chen.counter" and staff.role is Role.COUNTER
    assert main(["hub", "user", "add", "chen.counter", "--role", "counter", "--db-url", sqlite_url]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "role", "message"), [("X", "counter", "user name"), ("ok.name", "boss", "role")]
)
def test_bad_accounts_are_refused(
    sessions: sessionmaker[Session], name: str, role: str, message: str
) -> None:
    with pytest.raises(AccountError, match=message), sessions() as session, session.begin():
        create_user(session, name, role)


def test_unknown_and_inactive_tokens_are_nobody(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        token = create_user(session, "op.one", "operator")
    with sessions() as session:
        assert principal_for_token(session, token + "x") is None
        assert principal_for_token(session, "") is None
        assert principal_for_token(session, token) is not None
