#!/usr/bin/env python3
"""Signed Medplum Patient events for relay-bench.sh (made-up data).

Usage: medplum-events.py OUT_DIR IDS BODY_BYTES ID_WIDTH
Secret: the connection's Medplum signing secret, in the environment as MEDPLUM_SECRET.

Writes to OUT_DIR:
  prefix, suffix  the Patient JSON around meta.versionId's counter: the body of event i is
                  prefix + str(i).zfill(ID_WIDTH) + suffix, exactly BODY_BYTES bytes
  sigs            hex HMAC-SHA256 (Medplum's X-Signature) of the bodies of ids 0..IDS-1,
                  64 characters each, no separator
  sample.json     the body of id IDS (one id past the load's), for the check before the load
  sample.sig      its signature
Only the signatures are stored per event, not the bodies: a million 2 KB bodies would be
2 GB, a million signatures are 64 MB.
"""
import hashlib
import hmac
import json
import os
import sys


def patient(version_marker: str, narrative: str) -> dict:
    """A FHIR R4 Patient as Medplum sends it, with enough identifiers, telecom and
    addresses to be a realistic ~2 KB resource."""
    return {
        "resourceType": "Patient",
        "id": "0a5c6f0e-3d1b-4e7a-9c2f-6b8d1e4a7f30",
        "meta": {
            "versionId": version_marker,
            "lastUpdated": "2025-03-14T09:26:53.589Z",
            "author": {"reference": "Practitioner/7d2e9b1c-4f6a-4c3e-8a1d-2b5f9e0c6d47", "display": "Dr. Imaginary Example"},
            "project": "f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        },
        "text": {"status": "generated", "div": narrative},
        "identifier": [
            {"use": "usual", "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
             "system": "urn:oid:2.16.840.1.113883.19.5", "value": "MRN-00482913"},
            {"use": "official", "system": "http://hl7.org/fhir/sid/us-ssn", "value": "000-00-0000"},
            {"system": "https://example.org/fhir/insurance-member", "value": "EXM-55120934-01"},
        ],
        "active": True,
        "name": [
            {"use": "official", "family": "Testpatient", "given": ["Jordan", "Avery"], "prefix": ["Mx."]},
        ],
        "telecom": [
            {"system": "phone", "value": "+1-555-010-4477", "use": "mobile", "rank": 1},
            {"system": "phone", "value": "+1-555-010-9921", "use": "home"},
            {"system": "email", "value": "jordan.testpatient@example.com", "use": "home"},
        ],
        "gender": "other",
        "birthDate": "1984-07-21",
        "address": [
            {"use": "home", "type": "both", "line": ["1200 Example Avenue", "Apt 4B"], "city": "Springfield",
             "state": "IL", "postalCode": "62701", "country": "US", "period": {"start": "2019-05-01"}},
        ],
        "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "S",
                                      "display": "Never Married"}]},
        "contact": [
            {"relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "N"}]}],
             "name": {"family": "Testpatient", "given": ["Morgan"]},
             "telecom": [{"system": "phone", "value": "+1-555-010-3310"}]},
        ],
        "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en-US"}]}, "preferred": True}],
        "generalPractitioner": [{"reference": "Practitioner/7d2e9b1c-4f6a-4c3e-8a1d-2b5f9e0c6d47"}],
        "managingOrganization": {"reference": "Organization/3c9a1e5b-8d2f-4b6a-9e0c-1f7d4a2b8c63", "display": "Example Clinic"},
    }


def main() -> None:
    out, ids, size, width = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    key = os.environ["MEDPLUM_SECRET"].encode()
    marker = "@@ID@@"
    # Medplum's versionIds are UUIDs: keep that shape, the last group holds the counter.
    version = "5f0e6c1a-2b3d-4e5f-8a9b-" + marker

    def render(narrative: str) -> str:
        return json.dumps(patient(version, narrative), separators=(",", ":"), ensure_ascii=False)

    head, tail = '<div xmlns="http://www.w3.org/1999/xhtml">Jordan Avery Testpatient, born 1984-07-21. ', "</div>"
    fixed = len(render(head + tail).encode()) - len(marker) + width
    fill = size - fixed
    if fill < 0:
        sys.exit(f"BODY_BYTES={size} is smaller than the Patient resource without padding ({fixed} bytes)")
    text = render(head + ("x" * fill) + tail)  # narrative padding makes up the exact size
    prefix, suffix = text.split(marker)
    prefix_b, suffix_b = prefix.encode(), suffix.encode()
    assert len(prefix_b) + width + len(suffix_b) == size

    with open(os.path.join(out, "prefix"), "wb") as f:
        f.write(prefix_b)
    with open(os.path.join(out, "suffix"), "wb") as f:
        f.write(suffix_b)

    base = hmac.new(key, prefix_b, hashlib.sha256)  # the prefix is hashed once
    fmt = "%0" + str(width) + "d"
    with open(os.path.join(out, "sigs"), "wb", buffering=1 << 20) as f:
        chunk = []
        for i in range(ids):
            h = base.copy()
            h.update((fmt % i).encode() + suffix_b)
            chunk.append(h.hexdigest())
            if len(chunk) == 65536:
                f.write("".join(chunk).encode())
                chunk = []
        f.write("".join(chunk).encode())

    sample = prefix_b + (fmt % ids).encode() + suffix_b
    with open(os.path.join(out, "sample.json"), "wb") as f:
        f.write(sample)
    with open(os.path.join(out, "sample.sig"), "w") as f:
        f.write(hmac.new(key, sample, hashlib.sha256).hexdigest())


if __name__ == "__main__":
    main()
