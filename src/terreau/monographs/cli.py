"""`terreau monograph SLUG`, listed in terreau.cli.APP_COMMANDS."""

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
    monograph.add_argument("slug", help="identifier of the cooperation")
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


def monograph_command(args) -> int:
    from terreau.cooperations.cli import cooperation_or_exit
    from terreau.core.pdf import PdfError
    from terreau.monographs.exports import monograph_export
    from terreau.monographs.sections import Reader

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
