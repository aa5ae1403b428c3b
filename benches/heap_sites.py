"""Where a jemalloc heap profile's live memory is, by the candidates of issue 18.

Takes heap dumps turned into collapsed stacks (`jeprof --collapsed BINARY DUMP > DUMP.collapsed`)
and prints, for each, the sampled live bytes of each candidate; with two dumps, also the change.
How the dumps are made: docs/PERFORMANCE.md, "Heap profile".

    python3 benches/heap_sites.py early.collapsed late.collapsed
"""

import collections
import re
import sys


def accelerator_of(frames):
    """The tracked type whose comemo accelerator map allocated here, or None."""
    if not any("Tracked<T> as comemo::input::Input>::call" in f for f in frames):
        return None
    for i, frame in enumerate(frames):
        if frame.startswith("entry<u128, u128") and i > 0:
            return re.sub(r"^call<(dyn )?|>$", "", frames[i - 1])
    return None


# First match wins; the order goes from the specific to the general.
CANDIDATES = [
    ("comemo accelerator vector", lambda s: "accelerate::resize" in s),
    ("comemo call trees (cache index)", lambda s: "CallTree" in s or "comemo::tree" in s),
    ("Typst string interner (PicoStr)", lambda s: "typst_utils::pico" in s),
    ("Typst path interner", lambda s: "typst_syntax::path" in s and "intern" in s),
    ("thread-local caches", lambda s: "LocalKey" in s or "thread_local" in s),
    ("fonts (faces, shaping tables)", lambda s: "rustybuzz" in s or "ttf_parser" in s),
    ("Tera (templates, context)", lambda s: "tera::" in s),
    ("metrics registry", lambda s: "prometheus_client" in s or "server::metrics" in s),
    ("tracing, request ids", lambda s: "tracing_subscriber" in s or "uuid" in s),
    ("HTTP (hyper, axum, tokio)", lambda s: "hyper" in s or "axum" in s or "tokio::" in s),
    ("PDF export (typst-pdf, krilla)", lambda s: "typst_pdf" in s or "krilla" in s),
]


def classify(path):
    sizes = collections.Counter()
    for line in open(path):
        stack, _, size = line.rstrip().rpartition(" ")
        frames = [f.removesuffix("[inline]") for f in stack.split(";")]
        tracked = accelerator_of(frames)
        if tracked:
            sizes[f"comemo accelerator maps of {tracked[:70]}"] += float(size)
            continue
        for name, matches in CANDIDATES:
            if matches(stack):
                sizes[name] += float(size)
                break
        else:
            sizes["everything else (memoized results, documents in flight, …)"] += float(size)
    return sizes


def main():
    dumps = [classify(path) for path in sys.argv[1:]]
    # Every candidate is listed, also those with nothing sampled (ruled out).
    names = set().union(*dumps) | {name for name, _ in CANDIDATES}
    names = sorted(names, key=lambda n: -dumps[-1][n])
    mib = 2**20
    header = "".join(f"{p.rsplit('/', 1)[-1][:14]:>16}" for p in sys.argv[1:])
    print(f"{'live MiB':<72}{header}" + ("    change" if len(dumps) == 2 else ""))
    for name in names + ["total"]:
        values = [sum(d.values()) if name == "total" else d[name] for d in dumps]
        row = "".join(f"{v / mib:>16.1f}" for v in values)
        change = f"{(values[1] - values[0]) / mib:>+10.1f}" if len(dumps) == 2 else ""
        print(f"{name[:72]:<72}{row}{change}")


if __name__ == "__main__":
    main()
