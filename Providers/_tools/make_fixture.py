#!/usr/bin/env python3
"""Reference normalizer and fixture checker for Ferry provider descriptors.

A tool for people writing fixtures; the build and the Swift tests never run it. It follows the
rules of Providers/README.md ("How expected.json is computed") so a fixture's expected output can
be produced independently of the Swift normalizer, and then the two are compared by the tests.

Usage (from the repository root):

  python3 Providers/_tools/make_fixture.py sign PROVIDER_DIR NAME...
      Recompute the signature header of fixtures/NAME.request.json from its body, secret and
      timestamp (and, for standard-webhooks, its webhook-id header). Overwrites that header:
      do not use it on fixtures that deliberately carry several or published signatures.

  python3 Providers/_tools/make_fixture.py expected PROVIDER_DIR...
      Write fixtures/<name>.expected.json for every <name>.request.json.

  python3 Providers/_tools/make_fixture.py check [PROVIDERS_DIR]
      For every provider: verify each fixture's signature with its secret at its timestamp, compare
      expected.json with what the rules compute, and validate mapped `data` against
      _unified/<resource>.v<N>.schema.json (needs `pip install jsonschema`; Ed25519 `v1a` needs
      `cryptography`). Exits non-zero on any failure.

Fixtures are normalized with the public base URL https://hooks.example.com.
"""

import base64
import datetime
import hashlib
import hmac
import json
import pathlib
import re
import sys

PUBLIC_BASE_URL = "https://hooks.example.com"
KEY_ORDER = ["specversion", "id", "source", "type", "time", "subject", "datacontenttype", "data",
             "provider", "connection", "providereventtype"]


# --- reading sources -------------------------------------------------------------------------

def json_pointer(doc, pointer):
    """RFC 6901. Returns None when nothing is there."""
    if pointer == "":
        return doc
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON Pointer: {pointer!r}")
    cur = doc
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(cur, dict):
            if token not in cur:
                return None
            cur = cur[token]
        elif isinstance(cur, list):
            if not re.fullmatch(r"0|[1-9][0-9]*", token) or int(token) >= len(cur):
                return None
            cur = cur[int(token)]
        else:
            return None
    return cur


def header(headers, name):
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def render_template(template, body):
    missing = False

    def sub(match):
        nonlocal missing
        value = json_pointer(body, match.group(1))
        if value is None or isinstance(value, (dict, list)):
            missing = True
            return ""
        return value if isinstance(value, str) else json.dumps(value)

    text = re.sub(r"\{(/[^}]*)\}", sub, template)
    return None if missing else text


def read_source(source, body, headers):
    """One source or an array of sources (first hit wins). Returns (value, source used)."""
    if isinstance(source, list):
        for each in source:
            value, used = read_source(each, body, headers)
            if value is not None:
                return value, used
        return None, None
    if "pointer" in source:
        value = json_pointer(body, source["pointer"])
    elif "header" in source:
        value = header(headers, source["header"])
    elif "const" in source:
        value = source["const"]
    elif "template" in source:
        value = render_template(source["template"], body)
    else:
        raise ValueError(f"unknown source {source!r}")
    if value is not None and "split" in source:
        if not isinstance(value, str):
            return None, None
        pieces = value.split(source["split"]["separator"])
        index = source["split"]["index"]
        value = pieces[index] if index < len(pieces) and pieces[index] != "" else None
    return value, (source if value is not None else None)


def as_text(value):
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


# --- signatures ------------------------------------------------------------------------------

def signature_timestamp(sig, headers):
    """The timestamp a scheme signs, as an int, or None for schemes without one."""
    kind = sig["kind"]
    if kind == "standard-webhooks":
        value = header(headers, sig.get("headerPrefix", "webhook-") + "timestamp")
    elif kind == "timestamped-hmac" and sig.get("format") == "list":
        value = parse_list(header(headers, sig["header"]) or "").get(sig.get("timestampKey", "t"), [None])[0]
    elif kind == "timestamped-hmac":
        value = header(headers, sig["timestampHeader"])
    else:
        return None
    return int(value) if value is not None else None


def parse_list(value):
    items = {}
    for part in value.split(","):
        key, _, val = part.strip().partition("=")
        items.setdefault(key, []).append(val)
    return items


def encode(digest, encoding):
    if encoding == "hex":
        return digest.hex()
    if encoding == "base64":
        return base64.b64encode(digest).decode()
    if encoding == "base64url":
        return base64.urlsafe_b64encode(digest).decode()
    raise ValueError(encoding)


def mac(secret, message, algorithm):
    return hmac.new(secret.encode(), message.encode(), getattr(hashlib, algorithm)).digest()


def standard_webhooks_content(sig, headers, body):
    prefix = sig.get("headerPrefix", "webhook-")
    return f"{header(headers, prefix + 'id')}.{header(headers, prefix + 'timestamp')}.{body}"


def sign(descriptor, request):
    """Returns {header name: value} signing request['body'] with request['secret']."""
    sig, body, secret = descriptor["signature"], request["body"], request["secret"]
    kind = sig["kind"]
    if kind == "hmac":
        return {sig["header"]: sig.get("prefix", "") + encode(mac(secret, body, sig["algorithm"]), sig["encoding"])}
    if kind == "timestamped-hmac":
        ts = str(request["timestamp"])
        signed = sig["signedPayload"].replace("{timestamp}", ts).replace("{body}", body)
        value = sig.get("prefix", "") + encode(mac(secret, signed, sig["algorithm"]), sig["encoding"])
        if sig.get("format") == "list":
            return {sig["header"]: f"{sig.get('timestampKey', 't')}={ts},{sig.get('signatureKey', 'v1')}={value}"}
        return {sig["timestampHeader"]: ts, sig["header"]: value}
    if kind == "standard-webhooks":
        prefix = sig.get("headerPrefix", "webhook-")
        headers = dict(request["headers"])
        headers[prefix + "timestamp"] = str(request["timestamp"])
        content = standard_webhooks_content(sig, headers, body)
        key = base64.b64decode(secret[len("whsec_"):])
        digest = hmac.new(key, content.encode(), hashlib.sha256).digest()
        return {prefix + "timestamp": str(request["timestamp"]),
                prefix + "signature": "v1," + base64.b64encode(digest).decode()}
    raise ValueError(f"cannot sign {kind}")


def same_signature(got, want, encoding):
    """Constant-time comparison; hex is compared case-insensitively (README, `hmac`)."""
    if encoding == "hex":
        got, want = got.lower(), want.lower()
    return hmac.compare_digest(got.encode(), want.encode())


def verify(descriptor, request):
    """Returns an error string, or None when the request verifies at its timestamp."""
    sig, body, secret, headers = descriptor["signature"], request["body"], request["secret"], request["headers"]
    kind = sig["kind"]
    clock = request.get("timestamp")
    ts = signature_timestamp(sig, headers)
    if ts is not None:
        if clock is None:
            return "scheme has a timestamp but the fixture has no `timestamp`"
        if abs(clock - ts) > sig.get("toleranceSeconds", 300):
            return f"signature timestamp {ts} outside tolerance of clock {clock}"
    if kind == "hmac":
        got = header(headers, sig["header"]) or ""
        want = sig.get("prefix", "") + encode(mac(secret, body, sig["algorithm"]), sig["encoding"])
        return None if same_signature(got, want, sig["encoding"]) else "hmac mismatch"
    if kind == "timestamped-hmac":
        if sig.get("format") == "list":
            items = parse_list(header(headers, sig["header"]) or "")
            candidates = items.get(sig.get("signatureKey", "v1"), [])
        else:
            candidates = [header(headers, sig["header"]) or ""]
        signed = sig["signedPayload"].replace("{timestamp}", str(ts)).replace("{body}", body)
        want = sig.get("prefix", "") + encode(mac(secret, signed, sig["algorithm"]), sig["encoding"])
        if any(same_signature(got, want, sig["encoding"]) for got in candidates):
            return None
        return "timestamped-hmac mismatch"
    if kind == "standard-webhooks":
        prefix = sig.get("headerPrefix", "webhook-")
        content = standard_webhooks_content(sig, headers, body).encode()
        for entry in (header(headers, prefix + "signature") or "").split(" "):
            version, _, value = entry.partition(",")
            try:
                raw = base64.b64decode(value, validate=True)
            except ValueError:
                continue
            if version == "v1" and secret.startswith("whsec_"):
                key = base64.b64decode(secret[len("whsec_"):])
                if hmac.compare_digest(hmac.new(key, content, hashlib.sha256).digest(), raw):
                    return None
            if version == "v1a" and secret.startswith("whpk_"):
                from cryptography.exceptions import InvalidSignature
                from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
                try:
                    Ed25519PublicKey.from_public_bytes(base64.b64decode(secret[len("whpk_"):])).verify(raw, content)
                    return None
                except InvalidSignature:
                    pass
        return "no standard-webhooks signature verifies"
    if kind == "static-token":
        got = header(headers, sig["header"]) or ""
        return None if got == sig.get("prefix", "") + secret else "token mismatch"
    return f"unknown signature kind {kind}"


# --- normalizing -----------------------------------------------------------------------------

def render_unix(seconds, millis=None):
    when = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    if millis is None:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis:03d}Z"


def render_time(value, fmt):
    if fmt == "rfc3339":
        return value if isinstance(value, str) else None
    if fmt == "unix":
        return render_unix(int(value))
    if fmt == "unix-ms":
        ms = int(value)
        return render_unix(ms // 1000, ms % 1000)
    raise ValueError(fmt)


def set_path(data, path, value):
    keys = path.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def normalize(provider_id, descriptor, request):
    body_text, headers, connection = request["body"], request["headers"], request["connection"]
    body = json.loads(body_text)
    event = descriptor.get("event", {})

    provider_event_id = None
    if "id" in event:
        value, _ = read_source(event["id"], body, headers)
        provider_event_id = as_text(value) if value is not None else None
    if provider_event_id is None:
        provider_event_id = "sha256:" + hashlib.sha256(body_text.encode()).hexdigest()
    digest = hashlib.sha256(f"{provider_id}\n{connection}\n{provider_event_id}".encode()).digest()

    raw_type = None
    if "type" in event:
        value, _ = read_source(event["type"], body, headers)
        raw_type = as_text(value) if value is not None else None

    mapping = None
    for candidate in descriptor.get("mappings", []):
        if candidate["providerType"] != raw_type:
            continue
        if "whenHeaderPresent" in candidate and header(headers, candidate["whenHeaderPresent"]) is None:
            continue
        mapping = candidate
        break

    if mapping is not None:
        unified_type, data = mapping["type"], {}
        for path, source in mapping.get("fields", {}).items():
            if isinstance(source, str):
                source = {"pointer": source}
            value, _ = read_source(source, body, headers)
            if value is not None:
                set_path(data, path, value)
    else:
        unified_type, data = descriptor["category"] + ".provider_event", body

    time = None
    if "time" in event:
        value, used = read_source(event["time"], body, headers)
        if value is not None:
            time = render_time(value, used.get("format", "rfc3339"))
    if time is None:
        ts = signature_timestamp(descriptor["signature"], headers)
        if ts is not None:
            time = render_unix(ts)

    subject = None
    if "subject" in event:
        value, _ = read_source(event["subject"], body, headers)
        subject = as_text(value) if value is not None else None

    out = {
        "specversion": "1.0",
        "id": "evt_" + digest[:16].hex(),
        "source": f"{PUBLIC_BASE_URL}/hooks/{provider_id}/{connection}",
        "type": unified_type,
        "time": time,
        "subject": subject,
        "datacontenttype": "application/json",
        "data": data,
        "provider": provider_id,
        "connection": connection,
        "providereventtype": raw_type,
    }
    return {key: out[key] for key in KEY_ORDER if out[key] is not None}


# --- commands --------------------------------------------------------------------------------

def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def dump(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def requests_of(provider_dir):
    return sorted(pathlib.Path(provider_dir, "fixtures").glob("*.request.json"))


def cmd_sign(provider_dir, names):
    descriptor = load(pathlib.Path(provider_dir, "provider.json"))
    for name in names:
        path = pathlib.Path(provider_dir, "fixtures", f"{name}.request.json")
        request = load(path)
        request["headers"].update(sign(descriptor, request))
        dump(path, request)
        print(f"signed {path}")


def cmd_expected(provider_dirs):
    for provider_dir in provider_dirs:
        provider_dir = pathlib.Path(provider_dir)
        descriptor = load(provider_dir / "provider.json")
        for path in requests_of(provider_dir):
            expected = normalize(descriptor["id"], descriptor, load(path))
            target = path.with_name(path.name.replace(".request.json", ".expected.json"))
            dump(target, expected)
            print(f"wrote {target}")


def schema_for(unified_dir, unified_type):
    resource = unified_type.rsplit(".", 1)[0]
    versions = sorted(unified_dir.glob(f"{resource}.v*.schema.json"),
                      key=lambda p: int(re.search(r"\.v([0-9]+)\.schema\.json$", p.name).group(1)))
    return versions[-1] if versions else None


def cmd_check(providers_dir):
    from jsonschema import Draft202012Validator, FormatChecker

    providers_dir = pathlib.Path(providers_dir)
    unified_dir = providers_dir / "_unified"
    failures, checked, validated = [], 0, 0
    for descriptor_path in sorted(providers_dir.glob("*/provider.json")):
        provider_dir = descriptor_path.parent
        descriptor = load(descriptor_path)
        if descriptor["id"] != provider_dir.name:
            failures.append(f"{descriptor_path}: id {descriptor['id']!r} is not the folder name")
        for mapping in descriptor.get("mappings", []):
            if schema_for(unified_dir, mapping["type"]) is None:
                failures.append(f"{descriptor_path}: no schema for {mapping['type']}")
        for path in requests_of(provider_dir):
            checked += 1
            before = len(failures)
            name = path.name.replace(".request.json", "")
            request = load(path)
            error = verify(descriptor, request)
            if error:
                failures.append(f"{provider_dir.name}/{name}: signature: {error}")
            expected_path = path.with_name(f"{name}.expected.json")
            if not expected_path.exists():
                failures.append(f"{provider_dir.name}/{name}: no expected.json")
                continue
            expected = load(expected_path)
            computed = normalize(descriptor["id"], descriptor, request)
            if expected != computed:
                failures.append(f"{provider_dir.name}/{name}: expected.json differs from the rules:\n"
                                f"  file:     {json.dumps(expected, sort_keys=True)}\n"
                                f"  computed: {json.dumps(computed, sort_keys=True)}")
            if expected["type"].endswith(".provider_event"):
                if len(failures) == before:
                    print(f"ok   {provider_dir.name}/{name}: signature verifies, expected matches "
                          f"({expected['type']}, no schema)")
                continue
            schema_path = schema_for(unified_dir, expected["type"])
            if schema_path is None:
                failures.append(f"{provider_dir.name}/{name}: no schema for {expected['type']}")
                continue
            validator = Draft202012Validator(load(schema_path), format_checker=FormatChecker())
            errors = [e.message for e in validator.iter_errors(expected["data"])]
            if errors:
                failures.append(f"{provider_dir.name}/{name}: data fails {schema_path.name}: {errors}")
            else:
                validated += 1
                if len(failures) == before:
                    print(f"ok   {provider_dir.name}/{name}: signature verifies, "
                          f"expected matches, data valid against {schema_path.name}")
    print(f"{checked} fixtures checked, {validated} mapped data objects validated, {len(failures)} failures")
    for failure in failures:
        print("FAIL " + failure)
    return 1 if failures else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "sign":
        cmd_sign(argv[2], argv[3:])
        return 0
    if len(argv) >= 3 and argv[1] == "expected":
        cmd_expected(argv[2:])
        return 0
    if len(argv) in (2, 3) and argv[1] == "check":
        return cmd_check(argv[2] if len(argv) == 3 else "Providers")
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
