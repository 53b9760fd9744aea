"""Bad input ends in one clear line on stderr and exit status 2, and writes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.runs.tomlfile import MAX_BYTES

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


def _real_process(argv, cwd) -> str:
    """Run the command as a user does; check status 2, one line on stderr, nothing written; return the line."""
    proc = subprocess.run([sys.executable, "-m", "sim.cli", *argv], capture_output=True, text=True,
                          cwd=cwd, timeout=60)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.stdout == ""
    assert not (cwd / "results").exists()
    return proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("argv", [
    ["run", "baseline", "--steps", "-5"],
    ["run", "bad.toml", "--steps", "2"],
])
def test_real_process(argv, tmp_path):
    """The installed entry point, as a user runs it: no traceback, one line, status 2."""
    (tmp_path / "bad.toml").write_text(GOOD + "[params]\nsubsidy_rate = nan\n")
    _real_process(argv, tmp_path)


# ---------------------------------------------------------------- files that break the TOML reader itself
# Scenario and sweep files are read by one function (sim.runs.tomlfile.read): each case is tried on both,
# the bad content first, followed by what a good scenario or sweep holds.

SWEEP = GOOD + 'scenario = "baseline"\n'
DEEP = "[" * 5000 + "]" * 5000
COMMANDS = {"run": ["run", "{file}", "--steps", "2", "--seeds", "1"], "sweep": ["sweep", "{file}", "--workers", "1"]}

# (file content, str or bytes, words the error line must contain besides the file name)
UNREADABLE = {
    "deep_nesting": ("x = " + DEEP + "\n", ["nested too deeply", "allowed"]),
    "deep_inline_tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", ["nested too deeply"]),
    "integer_of_5000_digits": ("steps = " + "9" * 5000 + "\n", ["line 1", "'steps'", "5,000 digits", "allowed"]),
    "integer_of_5000_digits_in_a_list": ("x = [\n  1,\n  " + "9" * 5000 + ",\n]\n", ["line 3", "5,000 digits"]),
    "hexadecimal_integer_of_5000_digits": ("x = 0x" + "f" * 5000 + "\n", ["'x'", "beyond 64 bits", "allowed"]),
    "integer_beyond_64_bits": ("[params]\nn_smes = [1, 9223372036854775808]\n", ["'params.n_smes[1]'", "64 bits"]),
    # tomllib's memory grows with the square of a dotted key's parts (20,000 parts: 1.5 GB)
    "long_dotted_key": ("a." * 5000 + "b = 1\n", ["line 1", "more than 32 parts", "allowed"]),
    "long_table_name": ("[" + "a." * 5000 + "b]\n", ["line 1", "more than 32 parts"]),
    "long_dotted_key_of_quoted_parts": ('"a" . ' * 5000 + "'b' = 1\n", ["more than 32 parts"]),
    "not_utf8": (b"title = '\xe9t\xe9'\n", ["not valid TOML", "UTF-8", "position 9"]),
    "huge_file": ("# " + "x" * MAX_BYTES + "\n", ["larger than 1,048,576 bytes", "allowed"]),
    "line_break_in_a_key": ('"bad\\nkey" = 1\n', ["bad\\nkey"]),
    "escape_code_in_a_key": ('"\\u001b[2Jbad" = 1\n', ["\\x1b[2Jbad"]),
}


def _write(path: Path, command: str, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content + (SWEEP if command == "sweep" else GOOD))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", UNREADABLE)
def test_file_the_toml_reader_cannot_take(case, command, tmp_path, capsys):
    content, words = UNREADABLE[case]
    path = tmp_path / f"{case}.toml"
    _write(path, command, content)
    argv = [a.format(file=path) for a in COMMANDS[command]]
    _fails(argv, capsys, tmp_path, [str(path), *words])


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", ["deep_nesting", "integer_of_5000_digits", "long_dotted_key"])
def test_file_the_toml_reader_cannot_take_real_process(case, command, tmp_path):
    """The two files of the issue, and the one that ate memory, as a user runs them."""
    content, words = UNREADABLE[case]
    _write(tmp_path / "bad.toml", command, content)
    line = _real_process([a.format(file="bad.toml") for a in COMMANDS[command]], tmp_path)
    assert all(word in line for word in ["bad.toml", *words]), line


@pytest.mark.parametrize("command", COMMANDS)
def test_folder_for_a_file(command, tmp_path, capsys):
    (tmp_path / "folder.toml").mkdir()
    argv = [a.format(file=tmp_path / "folder.toml") for a in COMMANDS[command]]
    _fails(argv, capsys, tmp_path, ["folder.toml", "a folder", "allowed"])


@pytest.mark.parametrize("command", COMMANDS)
def test_unreadable_file(command, tmp_path, capsys, monkeypatch):
    """A file without read permission (simulated: the tests may run as root, who reads anything)."""
    path = tmp_path / "locked.toml"
    _write(path, command, "")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(Path, "open", refuse)
    _fails([a.format(file=path) for a in COMMANDS[command]], capsys, tmp_path,
           [str(path), "cannot be read", "Permission denied", "allowed"])


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", COMMANDS)
def test_named_pipe_is_refused_without_waiting_for_a_writer(command, tmp_path):
    """Opening a pipe blocks until someone writes to it: it is refused before it is opened."""
    os.mkfifo(tmp_path / "pipe.toml")
    line = _real_process([a.format(file="pipe.toml") for a in COMMANDS[command]], tmp_path)
    assert "pipe.toml" in line and "not a regular file" in line


def test_sweep_naming_an_unreadable_scenario(tmp_path, capsys):
    (tmp_path / "deep.toml").write_text(GOOD + "x = " + DEEP + "\n")
    path = tmp_path / "sweep.toml"
    path.write_text(GOOD + 'scenario = "deep.toml"\n[vary]\nsubsidy_rate = [0.1]\n')
    _fails(["sweep", str(path), "--workers", "1"], capsys, tmp_path,
           [str(path), "'scenario'", "deep.toml", "nested too deeply"])


@pytest.mark.slow
def test_sweep_too_large_is_refused_before_its_points_are_built(tmp_path):
    """10^12 grid points: counted, not built (building them never ended)."""
    values = "[" + ", ".join(str(i / 1000) for i in range(100)) + "]"
    names = ["trust_gain_meeting", "trust_decay", "tacit_trust_threshold", "partner_trust_threshold",
             "codified_rate", "tacit_rate"]
    vary = "".join(f"{name} = {values}\n" for name in names)
    (tmp_path / "huge.toml").write_text(SWEEP + "replicates = 1\n[vary]\n" + vary)
    line = _real_process(["sweep", "huge.toml", "--workers", "1"], tmp_path)
    assert "1,000,000,000,000 runs" in line and "at most 1,000,000" in line
