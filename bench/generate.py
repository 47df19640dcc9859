"""Write a synthetic llmkg graph: N valid ``llmkg:ExampleModel`` records in one Turtle file.

    python bench/generate.py --models 10000 --seed 1 --out /tmp/synth-10k.ttl
    python bench/generate.py --models 1000 --seed 1 --out /tmp/bad.ttl --violations 5

The file follows the real ontology and passes the real SHACL shapes when loaded with
``llmkg.load([FILE])`` (the ontology is always added): it also declares every organisation,
family and licence it references, and records values that are not public as fact statements
(``status:undisclosed``, ``reported``, ``estimated``, ``unknown``) as the shipped data does.
Everything it mints lives under ``…/id/{model,family,agent,statement,license}/synth-…`` (SPDX
licences and ``license:proprietary`` are declared with the same labels as ``data/licenses.ttl``),
so the file can also be loaded beside the shipped data.

Distributions (per record, seeded, deterministic for a given ``--models`` and ``--seed``):

* architecture: dense transformer 45%, undisclosed (closed API model) 14%, sparse MoE 12%,
  embedding 8% (encoder-only, or a decoder LLM turned embedder), VAE 4%, encoder-decoder 3%,
  hybrid SSM-transformer 3%, state-space 2%, hybrid SSM-MoE 1%; newer architectures only
  appear from the year they did (SSM 2023, hybrids 2024, ...);
* release year 2018..2025 weighted towards recent years; 80% ``xsd:date``, 20%
  ``xsd:gYearMonth``; 2% only as an "unknown" statement;
* total parameters log-uniform in 1e8..2e12 (MoE 1e9..2e12, embedders 1e8..1e10, VAEs
  1e8..1e9); closed models state them only as an undisclosed statement (and sometimes a
  third-party estimate); MoE: 8..256 experts, 1..8 active, optional shared experts, active
  parameters 4..35% of total (10% of MoE records: active parameters undisclosed);
* hybrids carry ``attentionToSsmRatio``, VAEs ``latentChannels`` and compression factors,
  embedders ``embeddingDimension``/``matryoshka``/``maxInputTokens``, reasoning models (2024+)
  ``emitsReasoningTokens`` with visibility, billing, effort control and training methods;
* context windows drawn from the sizes typical of the release year (512 .. 2,000,000), some
  only reported, some with a later extension (a confirmed statement with ``validFrom``);
* capabilities: dialogue, text generation, code, function calling, reasoning, image
  understanding (with image input), native audio (audio in, sometimes speech out), computer use;
* licences: SPDX, 20 named community licences, or proprietary (closed models); 2% unknown;
* lineage: 15% of later family members are fine-tuned from the family's first model, 3%
  distilled from an earlier model; every model has 1..4 https sources, open models a model
  card, some a paper and an announcement.

``--violations K`` plants exactly K violations of K distinct kinds, one model each (the first K
of ``VIOLATIONS`` below, in that order); the file's header comment lists them as
``# violation: <kind> <focus IRI> <expected finding>`` lines, and they are printed on standard
error. Each kind gives exactly one finding on its focus node: a SHACL result (the ``data``
layer of ``llmkg validate``), or for ``future-release-date`` the ``future-release-date``
consistency check. Beyond that one finding, ``non-http-source`` is also reported by the
``source-not-http`` check, and ``small-model-70b`` and ``two-architectures`` make HermiT (the
``owl`` layer) report the whole graph inconsistent, once, whatever their number.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PREFIXES = {
    "agent": "https://w3id.org/llmkg/id/agent/",
    "arch": "https://w3id.org/llmkg/id/architecture/",
    "audio": "https://w3id.org/llmkg/id/audio-processing/",
    "cap": "https://w3id.org/llmkg/id/capability/",
    "dcterms": "http://purl.org/dc/terms/",
    "family": "https://w3id.org/llmkg/id/family/",
    "license": "https://w3id.org/llmkg/id/license/",
    "llmkg": "https://w3id.org/llmkg/ontology#",
    "method": "https://w3id.org/llmkg/id/training-method/",
    "modality": "https://w3id.org/llmkg/id/modality/",
    "model": "https://w3id.org/llmkg/id/model/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/licenses/",
    "statement": "https://w3id.org/llmkg/id/statement/",
    "status": "https://w3id.org/llmkg/id/status/",
    "visibility": "https://w3id.org/llmkg/id/reasoning-visibility/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The same labels as data/licenses.ttl, so the file can be loaded beside the shipped data.
SPDX_LICENSES = {
    "spdx:Apache-2.0": "Apache License 2.0",
    "spdx:MIT": "MIT License",
    "spdx:CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "spdx:CC-BY-NC-4.0": "Creative Commons Attribution Non Commercial 4.0 International",
}
PROPRIETARY = "license:proprietary"
PROPRIETARY_LABEL = "Proprietary (weights not released)"
COMMUNITY_LICENSES = 20

KINDS = {  # kind: (weight, first year it appears)
    "dense": (45, 2018),
    "undisclosed": (14, 2020),
    "moe": (12, 2021),
    "embedding": (8, 2018),
    "vae": (4, 2021),
    "encdec": (3, 2018),
    "hybrid": (3, 2024),
    "ssm": (2, 2023),
    "hybrid-moe": (1, 2024),
}
ARCHITECTURE = {
    "dense": "arch:dense-transformer",
    "undisclosed": "arch:undisclosed",
    "moe": "arch:sparse-moe-transformer",
    "vae": "arch:variational-autoencoder",
    "encdec": "arch:encoder-decoder-transformer",
    "hybrid": "arch:hybrid-ssm-transformer",
    "ssm": "arch:state-space-model",
    "hybrid-moe": "arch:hybrid-ssm-moe",
}
YEARS = list(range(2018, 2026))
YEAR_WEIGHTS = [1, 2, 3, 5, 8, 15, 30, 36]
WINDOWS = {  # context windows typical of a release year
    2018: [512, 1024],
    2019: [512, 1024, 2048],
    2020: [1024, 2048],
    2021: [2048, 4096],
    2022: [2048, 4096, 8192],
    2023: [4096, 8192, 16384, 32768, 100000, 200000],
    2024: [8192, 32768, 128000, 131072, 200000, 262144, 1000000, 2000000],
    2025: [32768, 128000, 131072, 200000, 262144, 1000000, 1048576],
}
SYLLABLES = (
    "al ba cor da el fa gi ha io ka lu ma ne or pa qui ra sol ta un ve wa xen yo ze "
    "bri cla dro fen gra hol jun kel mir nox pyr ros sti tor vol"
).split()
VARIANTS = ("", "Instruct", "Chat", "Base", "Coder", "Vision", "Turbo", "Mini", "Pro", "Lite")
STATUS_NOTE = {
    "undisclosed": "The developer has not published this value.",
    "unknown": "Not found in a primary source yet.",
    "reported": "Reported by third parties; not confirmed by the developer.",
    "estimated": "Estimated by a third party from public information.",
    "confirmed": "Stated by the developer.",
}


@dataclass
class Record:
    """One subject: predicate -> rendered Turtle objects, in insertion order."""

    iri: str
    props: dict[str, list[str]] = field(default_factory=dict)

    def set(self, prop: str, *values: str) -> None:
        self.props[prop] = list(values)

    def add(self, prop: str, value: str) -> None:
        self.props.setdefault(prop, []).append(value)

    def drop(self, prop: str) -> None:
        self.props.pop(prop, None)

    def turtle(self) -> str:
        lines = [self.iri]
        for prop, values in self.props.items():
            if values:
                lines.append(f"    {prop} {' , '.join(values)} ;")
        lines.append(".\n")
        return "\n".join(lines)


@dataclass
class Model:
    index: int
    kind: str
    record: Record
    statements: list[Record] = field(default_factory=list)
    slug: str = ""

    def statement(self, prop: str, status: str, source: str, value: str | None = None,
                  resource: str | None = None, valid_from: str | None = None) -> Record:
        local = prop.split(":", 1)[1]
        name = f"statement:{self.slug}--{kebab(local)}"
        taken = {s.iri for s in self.statements}
        suffix = 2
        while name in taken:
            name = f"statement:{self.slug}--{kebab(local)}-{suffix}"
            suffix += 1
        st = Record(name)
        st.set("a", "llmkg:FactStatement")
        st.set("dcterms:source", source)
        st.set("skos:note", en(STATUS_NOTE[status]))
        st.set("llmkg:aboutProperty", prop)
        if value is not None:
            st.set("llmkg:statedValue", value)
        if resource is not None:
            st.set("llmkg:statedResource", resource)
        st.set("llmkg:status", f"status:{status}")
        if valid_from is not None:
            st.set("llmkg:validFrom", valid_from)
        self.statements.append(st)
        self.record.add("llmkg:qualifiedStatement", name)
        return st

    def turtle(self) -> str:
        return "\n".join([self.record.turtle(), *(s.turtle() for s in self.statements)])


def kebab(text: str) -> str:
    out = []
    for ch in text:
        if ch.isupper():
            out.append("-" + ch.lower())
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append("-")
    return "-".join(p for p in "".join(out).split("-") if p)


def en(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def integer(value: int) -> str:
    return str(int(value))


def boolean(value: bool) -> str:
    return "true" if value else "false"


def date(year: int, month: int, day: int | None) -> str:
    if day is None:
        return f'"{year:04d}-{month:02d}"^^xsd:gYearMonth'
    return f'"{year:04d}-{month:02d}-{day:02d}"^^xsd:date'


def stem(index: int) -> str:
    """A unique, pronounceable family name for every index (base-len(SYLLABLES) digits)."""
    digits = []
    n = index
    while n or len(digits) < 2:
        n, d = divmod(n, len(SYLLABLES))
        digits.append(SYLLABLES[d])
    return "".join(reversed(digits)).capitalize()


def size_label(params: int) -> str:
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if params >= scale:
            value = params / scale
            return f"{value:.0f}{unit}" if value >= 10 else f"{value:.1f}{unit}".replace(
                ".0" + unit, unit
            )
    return str(params)


def log_uniform(rng: random.Random, low: float, high: float) -> int:
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    digits = max(0, int(math.log10(value)) - 2)  # keep 3 significant digits, like model cards
    return int(round(value / 10**digits) * 10**digits)


class Generator:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.n_families = max(1, (n * 2) // 3)  # each has at least one model
        self.n_orgs = max(1, min(n // 3, 3000, self.n_families))  # each develops a family
        # Every organisation develops at least one family (when there are enough families).
        self.family_org = [
            j if j < self.n_orgs else self.rng.randrange(self.n_orgs)
            for j in range(self.n_families)
        ]
        self.rng.shuffle(self.family_org)
        self.family_first: dict[int, int] = {}
        self.slugs: list[str] = []
        self.kinds = list(KINDS)
        self.kind_weights = [KINDS[k][0] for k in self.kinds]

    # -- shared resources -------------------------------------------------------------------

    def org_slug(self, j: int) -> str:
        return f"synth-org-{j:04d}"

    def organisations(self) -> list[str]:
        out = []
        for j in range(self.n_orgs):
            slug = self.org_slug(j)
            rec = Record(f"agent:{slug}")
            rec.set("a", "llmkg:Organization")
            rec.set("rdfs:label", en(f"{stem(j + 7)} Labs {j}"))
            rec.set("llmkg:homepage", f"<https://{slug}.example.org/>")
            out.append(rec.turtle())
        return out

    def licences(self) -> list[str]:
        out = []
        for iri, label in SPDX_LICENSES.items():
            rec = Record(iri)
            rec.set("a", "llmkg:License")
            rec.set("rdfs:label", en(label))
            rec.set("llmkg:homepage", f"<https://spdx.org/licenses/{iri[5:]}.html>")
            out.append(rec.turtle())
        rec = Record(PROPRIETARY)
        rec.set("a", "llmkg:License")
        rec.set("rdfs:label", en(PROPRIETARY_LABEL))
        out.append(rec.turtle())
        for k in range(1, COMMUNITY_LICENSES + 1):
            rec = Record(f"license:synth-community-{k}")
            rec.set("a", "llmkg:License")
            rec.set("rdfs:label", en(f"Synthetic Community License {k}"))
            rec.set("llmkg:homepage", f"<https://licenses.example.org/synth-community-{k}>")
            out.append(rec.turtle())
        return out

    def families(self) -> list[str]:
        out = []
        for j in range(self.n_families):
            rec = Record(f"family:synth-{kebab(stem(j))}")
            rec.set("a", "llmkg:ModelFamily")
            rec.set("rdfs:label", en(stem(j)))
            rec.set("llmkg:developer", f"agent:{self.org_slug(self.family_org[j])}")
            out.append(rec.turtle())
        return out

    # -- models -----------------------------------------------------------------------------

    def pick_kind(self, year: int) -> str:
        while True:
            kind = self.rng.choices(self.kinds, self.kind_weights)[0]
            if KINDS[kind][1] <= year:
                return kind

    def model(self, i: int, kind: str | None = None, reasoning: bool | None = None) -> Model:
        """One record; ``kind`` forces its kind (and an open, disclosed record) for planting."""
        rng = self.rng
        planting = kind is not None
        year = rng.choices(YEARS, YEAR_WEIGHTS)[0]
        if kind is not None:
            year = max(year, KINDS[kind][1], 2024 if reasoning else 0)
        else:
            kind = self.pick_kind(year)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        fam = i * self.n_families // self.n
        first_of_family = self.family_first.setdefault(fam, i)
        member = i - first_of_family
        org = self.org_slug(self.family_org[fam])
        closed = kind == "undisclosed" or (kind in ("dense", "moe") and rng.random() < 0.12)
        closed = closed and not planting
        open_weights = planting or (not closed and rng.random() < 0.92)

        # size
        if kind in ("moe", "hybrid-moe"):
            total = log_uniform(rng, 1e9, 2e12)
        elif kind == "embedding":
            total = log_uniform(rng, 1e8, 1e10)
        elif kind == "vae":
            total = log_uniform(rng, 1e8, 1e9)
        else:
            total = log_uniform(rng, 1e8, 2e12)

        # Labels are unique: the family stem is, and so is the variant within the family.
        variant = VARIANTS[member] if member < len(VARIANTS) else f"v{member}"
        if kind == "vae":
            variant = f"VAE {variant}".strip()
        elif kind == "embedding":
            variant = f"Embed {variant}".strip()
        size = "" if closed else size_label(total)  # closed models do not name their size
        label = " ".join(p for p in (stem(fam), size, variant) if p)
        slug = f"synth-{i:06d}-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        rec = Record(f"model:{slug}")
        m = Model(i, kind, rec, slug=slug)
        hf = f"<https://huggingface.co/{org}/{slug}>"
        blog = f"<https://{org}.example.org/news/{slug}>"
        paper = f"<https://arxiv.org/abs/{year % 100:02d}{month:02d}.{rng.randint(1, 19999):05d}>"
        docs = f"<https://docs.{org}.example.org/models/{slug}>"

        rec.set("a", "llmkg:ExampleModel" if kind == "vae" else
                "llmkg:ExampleModel , llmkg:LanguageModel")
        rec.set("rdfs:label", en(label))
        sources = [docs] if closed else [hf]
        has_paper = rng.random() < (0.15 if closed else 0.35)
        has_blog = rng.random() < 0.5
        if has_paper:
            sources.append(paper)
        if has_blog:
            sources.append(blog)
        if rng.random() < 0.2:
            sources.append(f"<https://github.com/{org}/{slug}>")
        rec.set("dcterms:source", *sources)
        if has_blog:
            rec.set("llmkg:announcement", blog)

        # architecture
        if kind == "embedding":
            arch = "arch:encoder-only-transformer" if rng.random() < 0.7 else \
                "arch:dense-transformer"
        else:
            arch = ARCHITECTURE[kind]
        rec.set("llmkg:architecture", arch)
        if kind == "undisclosed":
            m.statement("llmkg:architecture", "undisclosed", docs)
            if rng.random() < 0.3:
                m.statement("llmkg:architecture", "reported", blog.replace(org, "press"),
                            resource="arch:sparse-moe-transformer")
        if kind in ("moe", "hybrid-moe"):
            experts = rng.choice([8, 16, 16, 32, 64, 128, 160, 256])
            active = min(experts, rng.choice([1, 2, 2, 2, 4, 6, 8]))
            rec.set("llmkg:activeExpertCount", integer(active))
            if kind == "moe" and rng.random() < 0.1:
                m.statement("llmkg:activeParameters", "undisclosed", docs)
            else:
                rec.set("llmkg:activeParameters", integer(total * rng.uniform(0.04, 0.35)))
        if kind in ("hybrid", "hybrid-moe"):
            rec.set("llmkg:attentionToSsmRatio",
                    '"' + rng.choice(["1:7", "1:3", "1:5", "1:6", "2:7", "1:9"]) + '"')

        # capabilities and modalities
        caps: list[str] = []
        inputs = ["modality:text"]
        outputs = ["modality:text"]
        if kind == "embedding":
            caps = ["cap:text-embedding"]
            outputs = ["modality:embedding-vector"]
        elif kind == "vae":
            caps = ["cap:latent-representation"]
            video = year >= 2024 and rng.random() < 0.4
            inputs = outputs = ["modality:video" if video else "modality:image"]
        else:
            chat = rng.random() < (0.1 if kind == "encdec" else 0.65)
            if chat:
                caps.append("cap:dialogue")
            if not chat or rng.random() < 0.4:
                caps.append("cap:text-generation")
            if rng.random() < 0.12:
                caps.append("cap:code-generation")
            if year >= 2023 and rng.random() < 0.25:
                caps.append("cap:function-calling")
            if reasoning or (reasoning is None and year >= 2024 and kind != "encdec"
                             and rng.random() < 0.12):
                caps.append("cap:multi-step-reasoning")
            if year >= 2022 and kind != "encdec" and rng.random() < 0.18:
                caps.append("cap:image-understanding")
                inputs.append("modality:image")
                if rng.random() < 0.2:
                    caps.append("cap:video-understanding")
                    inputs.append("modality:video")
            if year >= 2023 and kind in ("dense", "undisclosed", "moe") and rng.random() < 0.03:
                caps.append("cap:native-audio-understanding")
                inputs.append("modality:audio")
                rec.set("llmkg:audioProcessing", "audio:native")
                if rng.random() < 0.5:
                    caps.append("cap:speech-generation")
                    outputs.append("modality:audio")
            if year >= 2024 and rng.random() < 0.01:
                caps.append("cap:computer-use")
        rec.set("llmkg:capability", *sorted(caps))

        # context window
        if kind != "vae":
            if kind == "embedding":
                window = rng.choice([512, 512, 1024, 2048, 8192, 8192, 32000])
            else:
                window = rng.choice(WINDOWS[year])
            if kind == "ssm" or rng.random() < 0.05:
                m.statement("llmkg:contextWindow", "reported", blog, value=integer(window))
            else:
                rec.set("llmkg:contextWindow", integer(window))
                if year >= 2024 and window < 1000000 and rng.random() < 0.05:
                    later = date(year + 1, 6, 1) if year < 2025 else date(2025, 12, None)
                    m.statement("llmkg:contextWindow", "confirmed", docs,
                                value=integer(window * 4), valid_from=later)
            if kind == "embedding":
                rec.set("llmkg:maxInputTokens", integer(window))
        rec.set("llmkg:developer", f"agent:{org}")
        if rng.random() < 0.05:
            rec.add("llmkg:developer", f"agent:{self.org_slug((fam * 31 + 1) % self.n_orgs)}")
        if kind == "embedding":
            rec.set("llmkg:embeddingDimension",
                    integer(rng.choice([384, 512, 768, 1024, 1024, 1536, 3072, 4096])))
        if kind in ("moe", "hybrid-moe"):
            rec.set("llmkg:expertCount", integer(experts))
        rec.set("llmkg:family", f"family:synth-{kebab(stem(fam))}")
        if member > 0 and kind != "vae" and rng.random() < 0.15:
            rec.set("llmkg:fineTunedFrom", f"model:{self.slugs[first_of_family]}")
        elif i > 0 and kind != "vae" and rng.random() < 0.03:
            rec.set("llmkg:distilledFrom", f"model:{self.slugs[rng.randrange(i)]}")
        rec.set("llmkg:inputModality", *sorted(inputs))
        if rng.random() < 0.3 and kind != "vae":
            cut_year, cut_month = (year, month - 4) if month > 4 else (year - 1, month + 8)
            rec.set("llmkg:knowledgeCutoff", date(cut_year, cut_month, None))
        if kind == "vae":
            rec.set("llmkg:latentChannels", integer(rng.choice([4, 8, 16, 16, 32, 64, 128])))

        # licence
        if rng.random() < 0.02:
            m.statement("llmkg:license", "unknown", hf if open_weights else docs)
        elif not open_weights:
            rec.set("llmkg:license", PROPRIETARY)
        else:
            r = rng.random()
            if r < 0.45:
                lic = "spdx:Apache-2.0"
            elif r < 0.6:
                lic = "spdx:MIT"
            elif r < 0.65:
                lic = "spdx:CC-BY-4.0"
            elif r < 0.72:
                lic = "spdx:CC-BY-NC-4.0"
            else:
                lic = f"license:synth-community-{rng.randint(1, COMMUNITY_LICENSES)}"
            rec.set("llmkg:license", lic)
        if kind == "embedding":
            rec.set("llmkg:matryoshka", boolean(rng.random() < 0.4))
        if closed and kind not in ("embedding", "vae") and rng.random() < 0.5:
            rec.set("llmkg:maxOutputTokens", integer(rng.choice([4096, 8192, 16384, 32768])))
        if open_weights:
            rec.set("llmkg:modelCard", hf)
        rec.set("llmkg:openWeights", boolean(open_weights))
        rec.set("llmkg:outputModality", *sorted(outputs))
        if has_paper:
            rec.set("llmkg:paper", paper)

        # reasoning
        if "cap:multi-step-reasoning" in caps:
            rec.set("llmkg:emitsReasoningTokens", boolean(rng.random() < 0.95))
            rec.set("llmkg:reasoningEffortControllable", boolean(rng.random() < 0.5))
            if closed:
                rec.set("llmkg:reasoningTokensBilled", "true")
            rec.set("llmkg:reasoningTraining", *sorted(rng.sample(
                ["method:distillation", "method:reinforcement-learning",
                 "method:supervised-fine-tuning"], rng.randint(1, 3))))
            rec.set("llmkg:reasoningVisibility",
                    rng.choice(["visibility:summarised", "visibility:hidden"]) if closed
                    else "visibility:visible")

        # release date
        if rng.random() < 0.02:
            m.statement("llmkg:releaseDate", "unknown", sources[0])
        else:
            rec.set("llmkg:releaseDate", date(year, month, None if rng.random() < 0.2 else day))
        if kind in ("moe", "hybrid-moe") and rng.random() < 0.5:
            rec.set("llmkg:sharedExpertCount", integer(rng.choice([0, 1, 1, 2])))
        if kind == "vae":
            rec.set("llmkg:spatialCompression", integer(rng.choice([8, 8, 16, 32])))
            if "modality:video" in inputs:
                rec.set("llmkg:temporalCompression", integer(rng.choice([4, 8])))

        # total parameters
        if closed:
            m.statement("llmkg:totalParameters", "undisclosed", docs)
            if rng.random() < 0.2:
                m.statement("llmkg:totalParameters", "estimated",
                            f"<https://analysis.example.org/estimates/{slug}>",
                            value=integer(total))
        else:
            rec.set("llmkg:totalParameters", integer(total))
        if kind not in ("vae", "embedding"):
            r = rng.random()
            if r < 0.4 and not closed:
                rec.set("llmkg:trainingTokens", integer(total * rng.uniform(20, 2000)))
            elif r < 0.5:
                m.statement("llmkg:trainingTokens", "estimated", blog,
                            value=integer(total * rng.uniform(20, 2000)))
        if rng.random() < 0.3:
            rec.set("skos:editorialNote", en(
                f"Synthetic record {i} generated by bench/generate.py ({kind})."))
        # Keep predicates in a stable order, like canonical Turtle.
        rec.props = dict(sorted(rec.props.items(), key=lambda kv: (kv[0] != "a", kv[0])))
        return m

    def models(self, violations: dict[int, str]) -> list[Model]:
        out = []
        for i in range(self.n):
            kind = violations.get(i)
            if kind is None:
                m = self.model(i)
            else:
                spec = VIOLATIONS[kind]
                m = self.model(i, spec.kind, reasoning=spec.reasoning)
            self.slugs.append(m.slug)
            out.append(m)
        return out


# -- planted violations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    kind: str  # the kind of model record to plant it in
    expected: str  # the shape and constraint component (or check) expected to report it
    description: str
    plant: Callable[[Model], str | None]  # mutates the model; returns another focus, if any
    reasoning: bool | None = None


def _drop_statements(m: Model, prop: str) -> None:
    keep = [s for s in m.statements if s.props["llmkg:aboutProperty"] != [prop]]
    m.statements = keep
    m.record.set("llmkg:qualifiedStatement", *(s.iri for s in keep))


def _negative_window(m: Model) -> None:
    _drop_statements(m, "llmkg:contextWindow")
    m.record.set("llmkg:contextWindow", "-4096")


def _active_over_total(m: Model) -> None:
    _drop_statements(m, "llmkg:activeParameters")
    total = int(m.record.props["llmkg:totalParameters"][0])
    m.record.set("llmkg:activeParameters", integer(total * 3 // 2))


def _missing_label(m: Model) -> None:
    m.record.drop("rdfs:label")


def _slm_70b(m: Model) -> None:
    m.record.set("a", "llmkg:ExampleModel , llmkg:LanguageModel , llmkg:SmallLanguageModel")
    m.record.set("llmkg:totalParameters", "70000000000")
    m.record.set("llmkg:capability", "cap:dialogue", "cap:text-generation")
    m.record.set("llmkg:inputModality", "modality:text")
    m.record.set("llmkg:outputModality", "modality:text")
    m.record.drop("llmkg:audioProcessing")
    m.record.drop("llmkg:activeParameters")


def _future_release(m: Model) -> None:
    _drop_statements(m, "llmkg:releaseDate")
    m.record.set("llmkg:releaseDate", date(2099, 6, 1))


def _active_experts(m: Model) -> None:
    m.record.set("llmkg:expertCount", "8")
    m.record.set("llmkg:activeExpertCount", "16")


def _moe_no_active(m: Model) -> None:
    _drop_statements(m, "llmkg:activeParameters")
    m.record.drop("llmkg:activeParameters")


def _reasoning_no_emits(m: Model) -> None:
    m.record.drop("llmkg:emitsReasoningTokens")


def _embedding_no_dimension(m: Model) -> None:
    m.record.drop("llmkg:embeddingDimension")


def _vae_no_latent(m: Model) -> None:
    m.record.drop("llmkg:latentChannels")


def _ftp_source(m: Model) -> None:
    m.record.set("dcterms:source", f"<ftp://files.example.org/{m.slug}.txt>")


def _two_architectures(m: Model) -> None:
    m.record.set("llmkg:architecture", "arch:dense-transformer", "arch:encoder-only-transformer")


def _undeclared_family(m: Model) -> None:
    m.record.set("llmkg:family", f"family:synth-undeclared-{m.index}")


def _statement_value_and_undisclosed(m: Model) -> str:
    st = m.statement("llmkg:maxOutputTokens", "undisclosed", m.record.props["dcterms:source"][0],
                     value="8192")
    return st.iri


def _chat_without_dialogue(m: Model) -> None:
    m.record.set("a", "llmkg:ExampleModel , llmkg:LanguageModel , llmkg:ChatModel")
    m.record.set("llmkg:capability", "cap:text-generation")


def _missing_open_weights(m: Model) -> None:
    m.record.drop("llmkg:openWeights")


VIOLATIONS: dict[str, Violation] = {
    "negative-context-window": Violation(
        "dense", "llmkgsh:ExampleModel-contextWindow (MinExclusive)",
        "llmkg:contextWindow -4096", _negative_window),
    "active-exceeds-total": Violation(
        "moe", "llmkgsh:ExampleModel-activeParameters (LessThanOrEquals)",
        "MoE with activeParameters 1.5 x totalParameters", _active_over_total),
    "missing-label": Violation(
        "dense", "llmkgsh:ExampleModel-label (MinCount)", "no rdfs:label", _missing_label),
    "small-model-70b": Violation(
        "dense", "llmkgsh:SmallLanguageModel-totalParameters (MaxExclusive); owl: inconsistent",
        "asserted llmkg:SmallLanguageModel with 70,000,000,000 total parameters", _slm_70b),
    "future-release-date": Violation(
        "dense", "check future-release-date (consistency layer)",
        "releaseDate 2099-06-01", _future_release),
    "active-experts-exceed-experts": Violation(
        "moe", "llmkgsh:ExampleModel-activeExpertCount (LessThanOrEquals)",
        "16 active experts of 8", _active_experts),
    "moe-without-active-parameters": Violation(
        "moe", "llmkgsh:MixtureOfExpertsModel (Or)",
        "MoE with neither activeParameters nor a statement about them", _moe_no_active),
    "reasoning-without-emits-flag": Violation(
        "dense", "llmkgsh:ReasoningModel-emitsReasoningTokens (MinCount)",
        "reasoning model without llmkg:emitsReasoningTokens", _reasoning_no_emits,
        reasoning=True),
    "embedding-without-dimension": Violation(
        "embedding", "llmkgsh:EmbeddingModel-embeddingDimension (MinCount)",
        "embedding model without llmkg:embeddingDimension", _embedding_no_dimension),
    "vae-without-latent-channels": Violation(
        "vae", "llmkgsh:VariationalAutoencoder-latentChannels (MinCount)",
        "VAE without llmkg:latentChannels", _vae_no_latent),
    "non-http-source": Violation(
        "dense", "llmkgsh:ExampleModel-source (Pattern); check source-not-http",
        "an ftp:// source", _ftp_source),
    "two-architectures": Violation(
        "dense", "llmkgsh:ExampleModel-architecture (MaxCount); owl: inconsistent",
        "dense transformer and encoder-only at once", _two_architectures),
    "undeclared-family": Violation(
        "dense", "llmkgsh:ExampleModel-family (Class)",
        "llmkg:family names a family that is not declared", _undeclared_family),
    "statement-value-and-undisclosed": Violation(
        "dense", "llmkgsh:FactStatement (Xone)",
        "a fact statement both undisclosed and with a value (focus: the statement)",
        _statement_value_and_undisclosed),
    "chat-without-dialogue": Violation(
        "dense", "llmkgsh:ChatModel-capability (HasValue)",
        "asserted llmkg:ChatModel without the dialogue capability", _chat_without_dialogue),
    "missing-open-weights": Violation(
        "dense", "llmkgsh:ExampleModel-openWeights (MinCount)",
        "no llmkg:openWeights", _missing_open_weights),
}


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def generate(n: int, seed: int, violations: int = 0) -> tuple[str, list[tuple[str, str, str]]]:
    """The Turtle text and the planted violations as (kind, focus IRI, expected finding)."""
    if n < 1:
        raise ValueError("--models must be at least 1")
    if not 0 <= violations <= min(len(VIOLATIONS), n):
        raise ValueError(f"--violations must be between 0 and {min(len(VIOLATIONS), n)}")
    gen = Generator(n, seed)
    kinds = list(VIOLATIONS)[:violations]
    positions = random.Random(seed + 1).sample(range(n), violations)
    planted_at = dict(zip(positions, kinds, strict=True))
    models = gen.models(planted_at)
    planted = []
    for i, kind in sorted(planted_at.items(), key=lambda kv: kinds.index(kv[1])):
        spec = VIOLATIONS[kind]
        m = models[i]
        focus = spec.plant(m) or m.record.iri
        m.record.props = {k: v for k, v in m.record.props.items() if v}
        planted.append((kind, expand(focus), spec.expected))

    head = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()]
    head += [
        "",
        f"# Synthetic llmkg data: {n} models, seed {seed}, written by bench/generate.py.",
        f"# {gen.n_orgs} organisations, {gen.n_families} families. Not real models.",
    ]
    if planted:
        head.append(f"# {len(planted)} planted violations (kind, focus node, expected finding):")
        head += [f"# violation: {k} <{f}> {s}" for k, f, s in planted]
    else:
        head.append("# No planted violations: the file should conform.")
    parts = ["\n".join(head), ""]
    parts += gen.organisations()
    parts += gen.licences()
    parts += gen.families()
    parts += [m.turtle() for m in models]
    return "\n".join(parts), planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--models", type=int, required=True, help="number of model records")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="Turtle file to write")
    parser.add_argument("--violations", type=int, default=0,
                        help=f"plant this many violations of distinct kinds "
                             f"(0..{len(VIOLATIONS)}): {', '.join(VIOLATIONS)}")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        text, planted = generate(args.models, args.seed, args.violations)
    except ValueError as exc:
        parser.error(str(exc))
    args.out.write_text(text, encoding="utf-8")
    elapsed = time.perf_counter() - start
    size = args.out.stat().st_size
    print(f"{args.out}: {args.models} models, {size / 1e6:.1f} MB in {elapsed:.1f} s",
          file=sys.stderr)
    for kind, focus, shape in planted:
        print(f"planted {kind}: <{focus}> -> {shape}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
