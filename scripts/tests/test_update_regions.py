"""The committed AWS partitions (for the environment's region check) equal botocore's data."""

from __future__ import annotations

from scripts_support import SCRIPTS, load_script

regions = load_script("update_regions", SCRIPTS / "update-regions")


def test_the_committed_partitions_are_botocores() -> None:
    assert regions.OUTPUT_PATH.read_text(encoding="utf-8") == regions.render()


def test_every_partition_of_botocore_is_listed_with_its_regions() -> None:
    text = regions.render()
    for partition in ("aws", "aws-cn", "aws-us-gov"):
        assert f'id: "{partition}",' in text
    assert '"us-east-1": "US East (N. Virginia)",' in text
    assert "sha256 " in text.splitlines()[1]
