"""`terreau network …` commands."""

import json

from terreau.core.cli import EXIT_BAD_REFERENCE, fail, parse_date, subcommands
from terreau.territories.cli import territory_or_exit


def add_commands(groups) -> None:
    from terreau.core.taxonomies import RelationKind  # needs no Django setup: keys only

    network = groups.add_parser("network", help="the actor-system network and its metrics")
    network_commands = subcommands(network)
    network_metrics = network_commands.add_parser(
        "metrics",
        help="metrics of the network of a cooperation or a territory",
        description="Print the metrics of the actor-system network of a cooperation (its "
        "members and the relations recorded in it or between two of its members) or of a "
        "territory (relations with at least one actor located in it, and the members of its "
        "cooperations) as JSON with the keys scope, filters, nodes, edges, relations, "
        "directed_relations, density, components, largest_component, isolated, top_degree, "
        "top_betweenness, betweenness, cross_sector_share, sector_pairs, evolution (see "
        "docs/data-formats.md). Density, degree, components and betweenness count links "
        "between actors whatever their direction. Exits with status 2 when the cooperation or "
        "the territory is unknown, or a filter is invalid.",
    )
    scope = network_metrics.add_mutually_exclusive_group(required=True)
    scope.add_argument("--cooperation", metavar="SLUG", help="a cooperation's identifier")
    scope.add_argument("--territory", metavar="REF", help="a territory reference")
    network_metrics.add_argument(
        "--format", choices=["json"], default="json", dest="file_format", help="output format"
    )
    network_metrics.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=RelationKind.values,
        metavar="KIND",
        help="only relations of this kind (repeatable): " + ", ".join(RelationKind.values),
    )
    network_metrics.add_argument(
        "--from",
        dest="start",
        type=parse_date,
        metavar="DATE",
        help="only relations active on or after this day (YYYY-MM-DD)",
    )
    network_metrics.add_argument(
        "--to",
        dest="end",
        type=parse_date,
        metavar="DATE",
        help="only relations active on or before this day (YYYY-MM-DD)",
    )
    network_metrics.set_defaults(handler=network_metrics_command)
    refresh = network_commands.add_parser(
        "refresh-metrics",
        help="recompute the cached network metrics whose data changed (scheduled job)",
        description="Recompute now the network metrics shown by the pages and the API "
        "(network.cache): the public and full views, without filters, of every territory and "
        "cooperation already computed once, when their data changed since. A person's own view "
        "and filtered views are recomputed by a background job on their next visit. Run it "
        "hourly (docs/deployment.md, Tâches planifiées). Exits with status 2 when the territory "
        "is unknown.",
    )
    refresh.add_argument(
        "--territory",
        metavar="REF",
        help="only this territory's views (computed even if never visited)",
    )
    refresh.add_argument(
        "--force", action="store_true", help="recompute even the metrics that are up to date"
    )
    refresh.set_defaults(handler=refresh_metrics_command)
    export = network_commands.add_parser(
        "export",
        help="write the network as a GEXF or GraphML file (Gephi, Cytoscape, igraph)",
        description="Write the actor-system network of a cooperation or a territory as GEXF 1.3 "
        "or GraphML: one node per actor, one edge per relation, with names (nature, sector, "
        "relation kind, dates), the licence and the date of the data (docs/data-formats.md, "
        "Réseaux). By default only what an anonymous visitor sees (public actors, published "
        "cooperations): open data; --all includes everything (the operator's view). Exits "
        "with status 2 when the cooperation or the territory is unknown.",
    )
    export_scope = export.add_mutually_exclusive_group(required=True)
    export_scope.add_argument("--cooperation", metavar="SLUG", help="a cooperation's identifier")
    export_scope.add_argument("--territory", metavar="REF", help="a territory reference")
    export.add_argument("--format", choices=["gexf", "graphml"], required=True, dest="file_format")
    export.add_argument(
        "--all", action="store_true", help="include private actors and cooperations"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.set_defaults(handler=network_export_command)


def network_metrics_command(args) -> int:
    from terreau.network.graph import NetworkFilters
    from terreau.network.metrics import network_metrics
    from terreau.network.queries import (
        accessible_cooperation,
        cooperation_network,
        territory_network,
    )

    try:
        filters = NetworkFilters(kinds=tuple(args.kind), start=args.start, end=args.end)
    except ValueError as error:
        return fail(error, EXIT_BAD_REFERENCE)
    if args.cooperation:
        cooperation = accessible_cooperation(args.cooperation, user=None)
        if cooperation is None:
            return fail(f"unknown cooperation: {args.cooperation}", EXIT_BAD_REFERENCE)
        network = cooperation_network(cooperation, user=None, filters=filters)
    else:
        network = territory_network(territory_or_exit(args.territory), user=None, filters=filters)
    print(json.dumps(network_metrics(network), ensure_ascii=False, indent=2))
    return 0


def refresh_metrics_command(args) -> int:
    from terreau.network.cache import refresh

    territory = territory_or_exit(args.territory) if args.territory else None
    done = refresh(territory=territory, force=args.force)
    for row in done:
        print(f"{row.scope} ({row.audience}, {row.language}): {row.state}")
    print(f"{len(done)} network views recomputed")
    return 0 if all(row.status == row.Status.DONE for row in done) else 1


def network_export_command(args) -> int:
    import sys

    from django.contrib.auth.models import AnonymousUser

    from terreau.core.opendata import stamp
    from terreau.network.exports import network_file
    from terreau.network.queries import (
        accessible_cooperation,
        cooperation_network,
        territory_network,
    )

    user = None if args.all else AnonymousUser()
    if args.cooperation:
        cooperation = accessible_cooperation(args.cooperation, user=user)
        if cooperation is None:
            return fail(f"unknown cooperation: {args.cooperation}", EXIT_BAD_REFERENCE)
        network = cooperation_network(cooperation, user=user)
    else:
        network = territory_network(territory_or_exit(args.territory), user=user)
    chunks = network_file(network, args.file_format, stamp())
    if args.output:
        with open(args.output, "wb") as target:
            target.writelines(chunks)
    else:
        sys.stdout.buffer.writelines(chunks)
    return 0
