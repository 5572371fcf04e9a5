"""Help text: the root description and examples, and examples for the command groups that do not
carry their own (cli/kit.py adds the exit codes to every command)."""

from __future__ import annotations

DESCRIPTION = """Screen classified, marketplace and dating ads for sex-trafficking and child-exploitation
indicators, link them into networks, keep the evidence and report it."""
EXAMPLES = """examples:
  samaritan demo                                   a synthetic site, screened and explained
  samaritan screen ads.jsonl -o verdicts.csv       verdicts for a file of ads
  samaritan link ads.jsonl -o links.jsonl --networks networks.graphml
  samaritan serve                                  the API and console on http://127.0.0.1:8470
  samaritan config show                            the settings in force and where each came from
  samaritan COMMAND --help                         each command's options, example and exit codes
"""


# Examples for command groups whose modules do not carry their own epilog.
COMMAND_EXAMPLES = {
    "serve": ["samaritan serve --data ./samaritan-data --port 8470",
              "SAMARITAN_DATABASE_URL=postgresql://user@db/samaritan samaritan serve --host 0.0.0.0"],
    "keys": ["samaritan keys create --platform my-site --scopes screen,read", "samaritan keys list",
             "samaritan keys revoke KEY_ID"],
    "audit": ["samaritan audit verify", "samaritan audit verify --json --checkpoints checkpoints/",
              "samaritan audit keygen --out audit.key",
              "samaritan audit checkpoint --key audit.key --out checkpoints/"],
    "purge": ["samaritan purge", "samaritan purge --now 2027-12-31T00:00:00Z   # what would go by then"],
    "rescreen": ["samaritan rescreen --platform my-site", "samaritan rescreen --force"],
    "webhooks": ["samaritan webhooks set --platform my-site --url https://my-site.example/hooks",
                 "samaritan webhooks status --platform my-site"],
    "report": ["samaritan report cybertipline --ad my-site/123 --reporter reporter.yaml -o report.xml",
               "samaritan report case --network net-8df30a5fae42 --platform my-site --key platform.key -o case.zip",
               "samaritan report verify case.zip",
               "samaritan report dsa --since 2026-01-01 --reporter reporter.yaml -o statements.jsonl",
               "samaritan report keygen -o platform.key"],
    "requests": ["samaritan requests add --platform my-site --agency 'County Sheriff' --case-number 26-1 "
                 "--process subpoena --deadline 2026-12-31 --phones +17025550124",
                 "samaritan requests list", "samaritan requests produce 1 --key platform.key -o case.zip",
                 "samaritan requests done 1"],
    "config": ["samaritan config show", "samaritan config show --json"],
}  # fmt: skip
