"""Production needs a real virus scanner that answers, or an operator's explicit opt-out."""

from asiointi.common.tests.test_platform import PRODUCTION_ENV, run_asiointi


def check_deploy(tmp_path, **changes):
    return run_asiointi(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, **changes},
        tmp_path=tmp_path,
    )


def test_production_without_a_scanner_setting_refuses_to_start(tmp_path):
    environment = {key: value for key, value in PRODUCTION_ENV.items()}
    del environment["ASIOINTI_ANTIVIRUS_SCANNER"]
    result = run_asiointi("check", env_overrides=environment, tmp_path=tmp_path)
    assert result.returncode == 1
    assert (
        "Production mode needs a virus scanner: set ASIOINTI_ANTIVIRUS_SCANNER=clamd"
        in result.stderr
    )


def test_check_deploy_warns_when_scanning_is_switched_off_explicitly(tmp_path):
    result = check_deploy(tmp_path, ASIOINTI_ANTIVIRUS_SCANNER="none")
    assert result.returncode == 1
    assert (
        "?: (scanning.W001) No virus scanner: uploaded files are stored without scanning "
        "(ASIOINTI_ANTIVIRUS_SCANNER=none)." in result.stderr
    )
    assert "ERROR" not in result.stderr


def test_check_deploy_fails_when_clamd_does_not_answer(tmp_path):
    missing = tmp_path / "clamd.sock"
    result = run_asiointi(
        "check",
        "--deploy",
        env_overrides={**PRODUCTION_ENV, "ASIOINTI_CLAMD_SOCKET": str(missing)},
        tmp_path=tmp_path,
    )
    assert result.returncode == 1
    assert "?: (scanning.E001) The virus scanner does not answer: cannot connect to clamd at " in (
        result.stderr
    )
    assert str(missing) in result.stderr


def test_check_deploy_passes_with_clamd_answering(tmp_path, clamd_server):
    # (test_platform's test_production_mode_passes_check_deploy asserts no warning at all.)
    result = run_asiointi(
        "check",
        "--deploy",
        env_overrides={**PRODUCTION_ENV, "ASIOINTI_CLAMD_SOCKET": clamd_server.socket_path},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "scanning." not in result.stderr + result.stdout
