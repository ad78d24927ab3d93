"""Validates documents' front matter against spex's JSON Schemas with Python's
`jsonschema`, an implementation independent of spex.

stdin: a JSON list of {"path": ..., "kind": ...}, paths relative to the workspace.
argv: SCHEMA_DIR WORKSPACE. stdout: a JSON object, path -> list of error messages.
"""

import json
import pathlib
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """YAML as spex reads it: dates stay strings (spex types them itself)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(text):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return yaml.load("\n".join(lines[1:end]), Loader=Loader)
    return None


def main():
    schema_dir = pathlib.Path(sys.argv[1])
    workspace = pathlib.Path(sys.argv[2])
    validators = {}
    results = {}
    for doc in json.load(sys.stdin):
        kind = doc["kind"]
        if kind not in validators:
            schema = json.loads((schema_dir / f"{kind}.schema.json").read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[kind] = jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            )
        data = front_matter((workspace / doc["path"]).read_text(encoding="utf-8"))
        errors = validators[kind].iter_errors(data)
        results[doc["path"]] = sorted(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
        )
    json.dump(results, sys.stdout, indent=1, sort_keys=True)


main()
