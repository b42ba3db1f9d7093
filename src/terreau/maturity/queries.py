"""Reads of maturity rounds: the aggregated results of a round and a cooperation's trajectory.

These functions are what pages, the API, the CLI and later the monographs use; none checks
permissions (the caller has, see `views.maturity_cooperation`). The rules, in
docs/architecture.md ("Cooperative maturity"):

- Results are shown once the round is closed, and only when at least `MIN_RESPONDENTS` people
  answered (revoked invitations do not count); otherwise no aggregate and no comment is given.
- Per dimension, "I don't know" is not a level: the median, quartiles and extremes are computed
  on the levels given, and a dimension with fewer than `MIN_RESPONDENTS` levels shows none.
- Median and quartiles interpolate linearly between the sorted levels (the "inclusive" method:
  Python's `statistics.quantiles(method="inclusive")`, spreadsheets' QUARTILE.INC), so with an
  even count the median is the mean of the two middle levels (2, 3 → 2.5).
- The spread is wide — a topic to discuss — when two answers are at least `WIDE_SPREAD_RANGE`
  levels apart; it says the group is split when, in addition, the middle half of the answers
  spans at least `SPLIT_IQR` level (interquartile range), else that a few answers stand apart.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from terreau.core.charts import radar_chart
from terreau.maturity.grids import LEVELS, Dimension, text
from terreau.maturity.models import Answer, Respondent, Round

MIN_RESPONDENTS = 3
WIDE_SPREAD_RANGE = 2
SPLIT_IQR = 1


def quantile(values: list[int], fraction: Fraction) -> Fraction:
    """The `fraction` quantile of sorted values, linear between order statistics (inclusive)."""
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _number(value: Fraction | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


@dataclass
class DimensionResult:
    """One dimension of a round's results; the aggregates are None when not shown."""

    dimension: Dimension
    answered: int = 0  # people who gave a level or "I don't know"
    dont_know: int = 0
    levels: list[int] = field(default_factory=list, repr=False)
    comments: list[str] = field(default_factory=list)
    shown: bool = False

    @property
    def count(self) -> int:
        return len(self.levels)

    def _quantile(self, fraction) -> Fraction | None:
        return quantile(sorted(self.levels), Fraction(fraction)) if self.shown else None

    @property
    def median(self):
        return _number(self._quantile(Fraction(1, 2)))

    @property
    def q1(self):
        return _number(self._quantile(Fraction(1, 4)))

    @property
    def q3(self):
        return _number(self._quantile(Fraction(3, 4)))

    @property
    def minimum(self):
        return min(self.levels) if self.shown else None

    @property
    def maximum(self):
        return max(self.levels) if self.shown else None

    @property
    def iqr(self):
        if not self.shown:
            return None
        return _number(self._quantile(Fraction(3, 4)) - self._quantile(Fraction(1, 4)))

    @property
    def wide_spread(self) -> bool:
        return self.shown and self.maximum - self.minimum >= WIDE_SPREAD_RANGE

    @property
    def split(self) -> bool:
        """A wide spread where the middle half of the group disagrees, not only a few answers."""
        return self.wide_spread and self.iqr >= SPLIT_IQR

    @property
    def distribution(self) -> dict[int, int] | None:
        if not self.shown:
            return None
        return {level: self.levels.count(level) for level in LEVELS}

    def as_json(self) -> dict:
        return {
            "key": self.dimension.key,
            "title": self.dimension.title,
            "answers": self.count if self.shown else None,
            "dont_know": self.dont_know if self.shown else None,
            "median": self.median,
            "min": self.minimum,
            "max": self.maximum,
            "q1": self.q1,
            "q3": self.q3,
            "iqr": self.iqr,
            "wide_spread": self.wide_spread,
            "split": self.split,
            "distribution": (
                {str(k): v for k, v in self.distribution.items()} if self.shown else None
            ),
            "comments": self.comments,
        }


@dataclass
class RoundResults:
    round: Round
    invited: int
    respondents: int
    dimensions: list[DimensionResult]

    @property
    def hidden_because(self) -> str | None:
        """Why no aggregate is shown: "open" (results come at closing), "too_few" (fewer than
        MIN_RESPONDENTS people answered), or None when they are shown."""
        if self.round.is_open:
            return "open"
        if self.respondents < MIN_RESPONDENTS:
            return "too_few"
        return None

    @property
    def shown(self) -> bool:
        return self.hidden_because is None

    @property
    def has_comments(self) -> bool:
        return any(result.comments for result in self.dimensions)

    @property
    def to_discuss(self) -> list[DimensionResult]:
        return [result for result in self.dimensions if result.wide_spread]

    def medians(self) -> dict[str, float | int | None]:
        return {result.dimension.key: result.median for result in self.dimensions}

    def as_json(self, *, comments: bool = True) -> dict:
        """The results document; `comments=False` for the public view of a published
        territory round, which gives the aggregates only."""
        maturity_round = self.round
        dimensions = [result.as_json() for result in self.dimensions]
        if not comments:
            for dimension in dimensions:
                del dimension["comments"]
        return {
            **_subject_json(maturity_round),
            "round": round_json(maturity_round),
            "invited": self.invited,
            "respondents": self.respondents,
            "min_respondents": MIN_RESPONDENTS,
            "shown": self.shown,
            "hidden_because": self.hidden_because,
            "wide_spread_range": WIDE_SPREAD_RANGE,
            "dimensions": dimensions,
        }


def _subject_json(maturity_round: Round) -> dict:
    if maturity_round.is_territorial:
        return {
            "territory": maturity_round.territory_ref,
            "territory_name": maturity_round.territory_name,
        }
    return {"cooperation": maturity_round.cooperation.slug}


def round_json(maturity_round: Round) -> dict:
    return {
        "id": maturity_round.pk,
        "title": maturity_round.title,
        "grid_version": maturity_round.grid_version,
        "grid_title": maturity_round.grid_title,
        "closes_on": maturity_round.closes_on.isoformat(),
        "closed_on": None if maturity_round.is_open else maturity_round.ended_on.isoformat(),
        "is_open": maturity_round.is_open,
        "admins_see_answers": maturity_round.admins_see_answers,
    }


def counted_respondents(maturity_round: Round):
    """The invitations whose answers count: not revoked."""
    return maturity_round.respondents.filter(revoked_at__isnull=True)


def round_results(maturity_round: Round) -> RoundResults:
    """The aggregated results of a round, on the round's own grid version (see module doc).
    Comments come without names, sorted alphabetically so that their order says nothing of who
    wrote them."""
    counted = counted_respondents(maturity_round)
    answers = Answer.objects.filter(respondent__in=counted).values_list(
        "respondent_id", "dimension", "level", "comment"
    )
    return _aggregate(maturity_round, answers, counted.count())


def _aggregate(maturity_round: Round, answers, invited: int) -> RoundResults:
    """`round_results` from the (respondent_id, dimension, level, comment) rows of the round's
    counted respondents, whatever query fetched them; rows off the round's grid are ignored."""
    results = {d.key: DimensionResult(dimension=d) for d in maturity_round.dimensions}
    who = set()
    for respondent_id, key, level, comment in answers:
        result = results.get(key)
        if result is None:
            continue
        who.add(respondent_id)
        result.answered += 1
        if level is None:
            result.dont_know += 1
        else:
            result.levels.append(level)
        if comment:
            result.comments.append(comment)
    found = RoundResults(
        round=maturity_round,
        invited=invited,
        respondents=len(who),
        dimensions=list(results.values()),
    )
    for result in found.dimensions:
        result.shown = found.shown and result.count >= MIN_RESPONDENTS
        result.comments = sorted(result.comments, key=str.casefold) if found.shown else []
        if not result.shown:
            result.levels = []
    return found


def own_answers(respondent: Respondent) -> dict[str, Answer]:
    return {answer.dimension: answer for answer in respondent.answers.all()}


def individual_answers(maturity_round: Round) -> list[tuple[Respondent, dict[str, Answer]]]:
    """Each counted person's answers, for administrators of a round that allows it."""
    by_respondent = defaultdict(dict)
    for answer in Answer.objects.filter(respondent__round=maturity_round):
        by_respondent[answer.respondent_id][answer.dimension] = answer
    return [
        (respondent, by_respondent[respondent.pk])
        for respondent in counted_respondents(maturity_round).select_related("user")
        if by_respondent[respondent.pk]
    ]


@dataclass
class Trajectory:
    """The closed rounds of a cooperation, oldest first, and each dimension's median in them."""

    rounds: list[RoundResults]
    rows: list[tuple[str, str, list]]  # key, title, medians (None when not shown)

    def as_json(self) -> dict:
        return {
            "rounds": [
                {**round_json(r.round), "respondents": r.respondents, "shown": r.shown}
                for r in self.rounds
            ],
            "dimensions": [
                {"key": key, "title": title, "medians": medians}
                for key, title, medians in self.rows
            ],
        }


def cooperation_trajectory(cooperation, *, until: Round | None = None) -> Trajectory:
    """The cooperation's trajectory: its closed rounds in the order they closed (up to `until`
    included), compared dimension by dimension. A dimension is the same across grid versions
    when it keeps its key; titles come from the most recent round that has it."""
    return rounds_trajectory(cooperation.maturity_rounds.all(), until=until)


def rounds_trajectory(rounds, *, until: Round | None = None) -> Trajectory:
    """The trajectory of some rounds (a cooperation's, or those of a territory that the reader
    may see): the closed ones, compared as in `cooperation_trajectory`."""
    rounds = [r for r in rounds if not r.is_open]
    rounds.sort(key=lambda r: (r.ended_on, r.pk))
    if until is not None:
        rounds = [r for r in rounds if (r.ended_on, r.pk) <= (until.ended_on, until.pk)]
    results = _rounds_results(rounds)
    titles = {}
    for maturity_round in reversed(rounds):
        for dimension in maturity_round.grid["dimensions"]:
            titles.setdefault(dimension["key"], text(dimension["title"]))
    rows = [(key, title, [r.medians().get(key) for r in results]) for key, title in titles.items()]
    return Trajectory(rounds=results, rows=rows)


def _rounds_results(rounds: list[Round]) -> list[RoundResults]:
    """`round_results` of several rounds in two queries rather than two per round."""
    counted = Respondent.objects.filter(round__in=rounds, revoked_at__isnull=True)
    invited = Counter(counted.values_list("round_id", flat=True))
    answers = defaultdict(list)
    for round_id, *row in Answer.objects.filter(respondent__in=counted).values_list(
        "respondent__round_id", "respondent_id", "dimension", "level", "comment"
    ):
        answers[round_id].append(row)
    return [_aggregate(r, answers[r.pk], invited[r.pk]) for r in rounds]


def round_radar(results: RoundResults, trajectory: Trajectory | None = None) -> dict | None:
    """The radar chart geometry of a round's medians (`core.charts.radar_chart`), with the
    previous closed round of `trajectory` that shows results drawn behind it (`previous`);
    None when the round shows no result. Rendered by `maturity/includes/radar.html`."""
    if not results.shown:
        return None
    medians = results.medians()
    series = [list(medians.values())]
    earlier = [
        r for r in (trajectory.rounds if trajectory else []) if r.round.pk != results.round.pk
    ]
    shown = [r for r in earlier if r.shown and r.round.ended_on <= results.round.ended_on]
    previous = shown[-1] if shown else None
    if previous is not None:
        before = previous.medians()
        series.append([before.get(key) for key in medians])
    chart = radar_chart([result.dimension.title for result in results.dimensions], series)
    chart["previous"] = previous
    return chart
