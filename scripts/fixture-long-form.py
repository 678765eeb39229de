# Independent converter (PyYAML) from short-form YAML to long-form structures, used once to
# produce the JSON and long-form YAML fixtures for cross-checking facestack's reader.
import json, sys, yaml
class L(yaml.SafeLoader): pass
def ctor(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode): v = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode): v = loader.construct_sequence(node, deep=True)
    else: v = loader.construct_mapping(node, deep=True)
    name = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    if suffix == "GetAtt" and isinstance(v, str): v = v.split(".", 1)
    return {name: v}
L.add_multi_constructor("!", ctor)
# keep dates and numbers-as-text faithful: resolve timestamps as strings
L.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"] for k, v in L.yaml_implicit_resolvers.items()}
data = yaml.load(open(sys.argv[1]), Loader=L)
if sys.argv[2] == "json": print(json.dumps(data, indent=2, ensure_ascii=False))
else: print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), end="")
