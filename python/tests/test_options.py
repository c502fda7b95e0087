"""The keyword → flag tables: every keyword maps to its CLI flag, unknown ones are a TypeError."""
from pathlib import Path

import numpy as np
import pytest

from attnviz._options import EXPLORE, HEATMAP, RUN, TEXT, flags


def test_values_switches_negations_ranges_sizes(tmp_path):
    arguments = flags("heatmap", HEATMAP, {
        "cmap": "viridis", "annot": True, "robust": False, "cbar": False, "vmin": 0.0,
        "queries": slice(2, None), "keys": "0:4", "size": (5, 4.5), "layer": -1, "title": None,
    }, tmp_path)
    assert arguments == ["--cmap", "viridis", "--annot", "--no-cbar", "--vmin", "0.0",
                         "--queries", "2:", "--keys", "0:4", "--size", "5x4.5", "--layer", "-1"]


def test_mask_array_goes_to_a_file(tmp_path):
    mask = np.triu(np.ones((3, 3)), 1)
    arguments = flags("heatmap", HEATMAP, {"mask": mask}, tmp_path)
    assert arguments[0] == "--mask"
    np.testing.assert_array_equal(np.load(arguments[1]), mask)
    assert flags("heatmap", HEATMAP, {"mask": "causal"}, tmp_path) == ["--mask", "causal"]


def test_repeated_labels_and_negated_tooltips(tmp_path):
    assert flags("text", TEXT, {"labels": ["a", "b"], "tooltips": False}, tmp_path) == \
        ["--label", "a", "--label", "b", "--no-tooltips"]


def test_unknown_keyword_is_a_type_error_naming_it(tmp_path):
    with pytest.raises(TypeError, match=r"explore\(\) got unexpected keyword argument\(s\) 'cmap'.*precision"):
        flags("explore", EXPLORE, {"cmap": "viridis"}, tmp_path)


def test_bad_values_are_type_errors(tmp_path):
    with pytest.raises(TypeError, match="slice"):
        flags("heatmap", HEATMAP, {"queries": 3}, tmp_path)
    with pytest.raises(TypeError, match="takes a value"):
        flags("heatmap", HEATMAP, {"cmap": True}, tmp_path)
    with pytest.raises(ValueError, match="step"):
        flags("heatmap", HEATMAP, {"keys": slice(0, 8, 2)}, tmp_path)


def test_run_flags(tmp_path):
    assert flags("run", RUN, {"pair": "B", "truncate": False, "threads": 1}, tmp_path) == \
        ["--pair", "B", "--no-truncate", "--threads", "1"]


@pytest.mark.parametrize("command,table", [("heatmap", HEATMAP), ("text", TEXT), ("explore", EXPLORE)])
def test_every_flag_exists_in_the_cli_help(binary, command, table):
    import subprocess
    help_text = subprocess.run([binary, command, "--help"], capture_output=True, text=True, check=True).stdout
    for name, (flag, _) in table.items():
        assert flag in help_text, f"{name}= maps to {flag}, which `attnviz {command} --help` does not list"


def test_run_flags_exist_in_the_cli_help(binary):
    import subprocess
    help_text = subprocess.run([binary, "run", "--help"], capture_output=True, text=True, check=True).stdout
    for name, (flag, _) in RUN.items():
        assert flag in help_text, f"{name}= maps to {flag}"
