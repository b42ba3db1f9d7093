"""`terreau monograph SLUG`, `terreau monograph --territory REF` and `terreau plaidoyer REF`
(or `--network ID|SIREN`), listed in terreau.cli.APP_COMMANDS."""

import sys
from pathlib import Path

from terreau.core.cli import EXIT_DATA_ERROR, write_output

FORMATS = ("html", "pdf", "docx")


def add_commands(groups) -> None:
    monograph = groups.add_parser(
        "monograph",
        help="the monograph of a cooperation (HTML, PDF or DOCX)",
        description="Write the monograph of a cooperation: the sections of the research-action "
        "grid (origin, room for manoeuvre, unmet needs, social innovation, participation, "
        "frictions, cooperation tools, actor network, economic model, maturity, indicators, "
        "trajectory), each with the narrative its members wrote and the parts generated from the "
        "record. As the operator it includes the whole record; --public gives what a visitor of "
        "the published monograph reads. PDF is printed by Chromium.",
    )
    monograph.add_argument("slug", nargs="?", help="identifier of the cooperation")
    monograph.add_argument(
        "--territory",
        metavar="REF",
        help="write the récit of this territory instead (epci:246200844, dep:62, projet:<slug>…): "
        "its diagnosis, the cooperations acting on it, open needs, the cooperations' stories and "
        "useful effects, with the narratives written for it",
    )
    monograph.add_argument("--format", choices=FORMATS, default="html", dest="file_format")
    monograph.add_argument(
        "--language", choices=["fr", "en"], default="fr", help="language of the generated parts"
    )
    monograph.add_argument(
        "--public",
        action="store_true",
        help="only the published data of the cooperation, as the public reads it",
    )
    monograph.add_argument("-o", "--output", type=Path, metavar="PATH")
    monograph.set_defaults(handler=monograph_command)

    plaidoyer = groups.add_parser(
        "plaidoyer",
        help="the plaidoyer pack of a territory or a network (HTML or PDF)",
        description="Write the plaidoyer pack of a territory, or with --network of a tête de "
        "réseau (chantier 5: the evidence of useful effects): the useful effects of the "
        "cooperations by evidence level, the multi-year and call-for-projects shares of their "
        "money, the coverage of their animation function, and the gaps of the support and "
        "financing offers. A network's cooperations are those in which the network actor or one "
        "of its members (network-membership relations) is a member, across territories; its gaps "
        "are read on the territories where they act. As the operator it reads every "
        "cooperation; --public gives what an anonymous visitor reads (no economic data).",
    )
    plaidoyer.add_argument(
        "ref", nargs="?", help="reference of the territory (epci:246200844, dep:62…)"
    )
    plaidoyer.add_argument(
        "--network",
        metavar="ID|SIREN",
        help="write the pack of this network actor instead (its id in the directory or its SIREN)",
    )
    plaidoyer.add_argument("--format", choices=("html", "pdf"), default="html", dest="file_format")
    plaidoyer.add_argument("--language", choices=["fr", "en"], default="fr")
    plaidoyer.add_argument(
        "--public", action="store_true", help="only what an anonymous visitor may see"
    )
    plaidoyer.add_argument("-o", "--output", type=Path, metavar="PATH")
    plaidoyer.set_defaults(handler=plaidoyer_command)


def _territory_or_exit(ref: str):
    from terreau.territories.refs import TerritoryRefError, resolve

    try:
        return resolve(ref)
    except TerritoryRefError as error:
        print(f"terreau: {error}", file=sys.stderr)
        raise SystemExit(EXIT_DATA_ERROR) from error


def _reader(public: bool):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if public else None


def monograph_command(args) -> int:
    from terreau.cooperations.cli import cooperation_or_exit
    from terreau.core.pdf import PdfError
    from terreau.monographs.exports import monograph_export, recit_export
    from terreau.monographs.recit import TerritoryView
    from terreau.monographs.sections import Reader

    if (args.slug is None) == (args.territory is None):
        print("terreau: give a cooperation's identifier or --territory REF", file=sys.stderr)
        return EXIT_DATA_ERROR
    if args.territory:
        view = TerritoryView(_territory_or_exit(args.territory), _reader(args.public))
        try:
            content = recit_export(view, file_format=args.file_format, language=args.language)
        except PdfError as error:
            print(f"terreau: {error}", file=sys.stderr)
            return EXIT_DATA_ERROR
        return write_output(content, args.output)
    cooperation = cooperation_or_exit(args.slug)
    reader = Reader.public() if args.public else Reader(None, cooperation.role_of(None))
    try:
        content = monograph_export(
            cooperation, reader=reader, file_format=args.file_format, language=args.language
        )
    except PdfError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    return write_output(content, args.output)


def plaidoyer_command(args) -> int:
    from terreau.core.pdf import PdfError, pdf_from_html
    from terreau.monographs.plaidoyer import network_plaidoyer_html, plaidoyer_html
    from terreau.network.membership import network_head

    if (args.ref is None) == (args.network is None):
        print("terreau: give a territory's reference or --network ID|SIREN", file=sys.stderr)
        return EXIT_DATA_ERROR
    reader = _reader(args.public)
    if args.network is not None:
        head = network_head(args.network, user=reader)
        if head is None:
            print(f"terreau: no network actor with id or SIREN {args.network}", file=sys.stderr)
            return EXIT_DATA_ERROR
        html = network_plaidoyer_html(head, user=reader, language=args.language)
    else:
        territory = _territory_or_exit(args.ref)
        html = plaidoyer_html(territory, user=reader, language=args.language)
    try:
        content = html.encode() if args.file_format == "html" else pdf_from_html(html)
    except PdfError as error:
        print(f"terreau: {error}", file=sys.stderr)
        return EXIT_DATA_ERROR
    return write_output(content, args.output)
