"""Bad input ends in one clear line on stderr and exit status 2, and writes nothing."""

import subprocess
import sys

import pytest

from sim.cli import main

GOOD = 'title = "T"\ndescription = "D"\n'

# (file content, words the error line must contain besides the file name)
BAD_FILES = {
    "unknown_key": (GOOD + "[params]\nn_smess = 5\n", ["n_smess", "n_smes", "allowed"]),
    "wrong_type": (GOOD + '[params]\nn_smes = "many"\n', ["n_smes", "whole number", "allowed"]),
    "float_for_int": (GOOD + "[params]\nn_smes = 2.5\n", ["n_smes", "whole number"]),
    "bool_for_number": (GOOD + "[params]\nsubsidy_rate = true\n", ["subsidy_rate", "allowed"]),
    "out_of_bounds": (GOOD + "[params]\ndigital_openness = 1.5\n", ["digital_openness", "out of bounds", "0.0 to 1.0"]),
    "negative": (GOOD + "[params]\nn_labs = -1\n", ["n_labs", "0 to 20000"]),
    "nan": (GOOD + "[params]\nsubsidy_rate = nan\n", ["subsidy_rate", "nan", "0.0 to 0.9"]),
    "inf": (GOOD + "[params]\npublic_budget = inf\n", ["public_budget", "inf", "allowed"]),
    "minus_inf": (GOOD + "[params]\nwage = -inf\n", ["wage", "allowed"]),
    "empty": ("", ["empty"]),
    "not_toml": ("this is not { toml\n", ["not valid TOML"]),
    "params_not_table": (GOOD + "params = 3\n", ["params", "table"]),
    "unknown_top_key": (GOOD + 'titel = "x"\n', ["titel", "allowed"]),
    "no_title": ('description = "D"\n', ["title"]),
}

BAD_ARGS = {
    "negative_steps": (["--steps", "-5"], ["--steps", "1 to 10000"]),
    "zero_steps": (["--steps", "0"], ["--steps", "1 to 10000"]),
    "absurd_steps": (["--steps", "99999999"], ["--steps", "1 to 10000"]),
    "text_steps": (["--steps", "ten"], ["--steps", "whole number"]),
    "float_steps": (["--steps=1.5"], ["--steps", "whole number"]),
    "zero_seeds": (["--seeds", "0"], ["--seeds", "1 to 1000"]),
    "absurd_seeds": (["--seeds", "5000"], ["--seeds", "1 to 1000"]),
    "negative_seed": (["--seed", "-1"], ["--seed", "0 to 4294967295"]),
    "huge_seed": (["--seed", str(2**32)], ["--seed", "0 to 4294967295"]),
}


def _fails(argv, capsys, tmp_path, words):
    """Run the CLI in-process; check exit 2, one line naming `words`, and that nothing was written."""
    before = set(tmp_path.rglob("*"))
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert exit_.value.code == 2
    assert len(lines) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert set(tmp_path.rglob("*")) == before, "something was written"
    return lines[0]


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_scenario_file(case, tmp_path, capsys):
    content, words = BAD_FILES[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(content)
    _fails(["run", str(path), "--steps", "2", "--seeds", "1"], capsys, tmp_path, [str(path), *words])


def test_binary_file(tmp_path, capsys):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00\x81 garbage")
    _fails(["run", str(path)], capsys, tmp_path, [str(path), "not valid TOML"])


def test_missing_file(tmp_path, capsys):
    _fails(["run", "nowhere/missing.toml"], capsys, tmp_path, ["missing.toml", "no such file"])


def test_unknown_scenario_name(tmp_path, capsys):
    _fails(["run", "nosuch"], capsys, tmp_path, ["nosuch", "baseline", "allowed"])


@pytest.mark.parametrize("case", BAD_ARGS)
def test_bad_option(case, tmp_path, capsys):
    args, words = BAD_ARGS[case]
    _fails(["run", "baseline", *args], capsys, tmp_path, [*words, "allowed"])


def test_unknown_group(tmp_path, capsys):
    _fails(["params", "--group", "nosuch"], capsys, tmp_path, ["--group", "nosuch", "territory"])


def test_no_command(tmp_path, capsys):
    _fails([], capsys, tmp_path, ["required", "run,sweep,analyze,scenarios,params"])


def test_existing_out_folder(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    _fails(["run", "baseline", "--steps", "2", "--out", str(tmp_path / "taken")], capsys, tmp_path,
           ["--out", "taken", "already exists"])
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("argv", [
    ["run", "baseline", "--steps", "-5"],
    ["run", "bad.toml", "--steps", "2"],
])
def test_real_process(argv, tmp_path):
    """The installed entry point, as a user runs it: no traceback, one line, status 2."""
    (tmp_path / "bad.toml").write_text(GOOD + "[params]\nsubsidy_rate = nan\n")
    proc = subprocess.run([sys.executable, "-m", "sim.cli", *argv], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "results").exists()
