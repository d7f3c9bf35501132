package dev.cfscim.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * results.md from the figures: the machine, the floor, provisioning and the goals here; the edit,
 * the quiet hour and the operator in {@link SteadyStateSections}. Every per-model table leads with
 * today's model. {@link ResultsCheck} reads back what this writes.
 */
final class Report {

    static final String ENGINE = "cfscim engine";
    static final String OKTA = "Okta pattern";
    static final String ENTRA = "Entra pattern";
    static final String OPERATOR = "cfscim operator";
    /** The reconciliation's row of the floor itself. */
    static final String FLOOR = "floor";
    static final List<String> CONTENDERS = List.of(ENGINE, OKTA, ENTRA);
    /** The sections every results.md has, in order; the check looks for each. */
    static final List<String> SECTIONS = List.of("## Machine", "## The floor", "## Initial provisioning", "## Goals",
            "## One membership edit", "## A quiet hour and one drift scan", "## The operator",
            CliSection.HEADING, "## How the baselines behave", "## Chart");
    static final String BY_ROUTE = "### Requests by route against the floor";
    /** Projected time may exceed the fixed-window floor's by this much and meet the goal. */
    static final double TIME_GOAL = 1.02;
    /** Entra's documented initial-cycle pace: 0.01-0.08 minutes per user, group or membership. */
    static final double ENTRA_MIN_PER_OBJECT_LOW = 0.01;
    static final double ENTRA_MIN_PER_OBJECT_HIGH = 0.08;

    private Report() {
    }

    static String markdown(Results r) {
        Bench.Config c = r.config();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: cfscim beside Okta- and Entra-pattern clients\n\n");
        md.append(String.format(Locale.ROOT, "Mode `%s`, generated %s in %.0f s by `java -jar bench/target/cfscim-bench.jar "
                        + "--%s%s --out %s` (see bench/README.md). Every scenario ran in both of Cloudflare's group models, "
                        + "today's first: **user groups** (the emulator's user-groups profile, the ScimApp's `groupMode: "
                        + "UserGroups`: each role's ScimGroup is pushed as a user group with one policy granting the role) "
                        + "and **virtual role groups** (the virtual-groups profile, `groupMode: VirtualGroups`: members "
                        + "join the `CF-<accountID> - <Role Name>` groups, which Cloudflare ended on 2 December 2025). "
                        + "Every contender ran against the same Cloudflare SCIM emulator, one owner holding Super "
                        + "Administrator outside SCIM, each on a fresh emulator; workloads are seeded (seed %d): each "
                        + "user in 1 to 3 of the %d groups, one per role. Our engine writes as the operator's ScimApp "
                        + "`bench/bench` does: `externalId` `%s` on every member and pushed group.\n\n",
                c.mode(), ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), r.runSeconds(), c.mode(),
                operatorSizesFlag(c), c.mode().equals("full") ? "bench" : "DIR", c.seed(), c.groups(), EngineContender.OWNER.tag()));

        md.append("## Machine\n\n");
        Machine m = r.machine();
        md.append("| cores | memory | JDK | OS |\n|---|---|---|---|\n");
        md.append(String.format("| %d | %s | %s | %s |%n%n", m.cores(), m.memory(), m.jdk(), m.os()));
        boolean busy = Math.max(r.loadAtStart(), r.loadAtEnd()) > m.cores();
        md.append(String.format(Locale.ROOT, "The load generators, the emulator and the code under test share these "
                + "cores. 1-minute load average: %.2f at the start of the run, %.2f at its end, on %d cores: %s "
                + "Request counts, 429s and windows are the same on any machine and at any load.%n%n",
                r.loadAtStart(), r.loadAtEnd(), m.cores(), busy
                        ? "other processes were running beside this run, so its times (wall, latency, convergence, "
                        + "memory growth) are noisy; compare them only with runs made on the same machine at the same "
                        + "time."
                        : "the machine was not otherwise busy."));

        floor(md, r);
        provisioning(md, r);
        goals(md, r);
        SteadyStateSections.append(md, r);
        CliSection.append(md, r);
        baselines(md, c);
        md.append("\n## Chart\n\n![results](results.png)\n\n");
        md.append("Left: requests for initial provisioning in each model (floor dashed). Middle: projected time under "
                + "Cloudflare's 1,200 per 5 minutes. Right: one membership edit, median ms, in each model (Entra's "
                + "documented 40-minute cycle not drawn).\n");
        return md.toString();
    }

    private static void floor(StringBuilder md, Results r) {
        md.append("## The floor\n\n");
        md.append("What no client can go below, part by part; each part is one route, and the emulator counts every "
                + "request by route, so each contender's requests are set against the floor route by route below.\n\n"
                + "- **Provisioning, user-groups model** = user creates (`POST /Users`, one per user) + one user-group "
                + "create per bound ScimGroup (`POST /Groups`) + one policy write per group (`PUT "
                + "/iam/user_groups/{id}`: Cloudflare takes a group's policies only through its IAM API, never through "
                + "SCIM) + member PATCHes (`PATCH /Groups/{id}`, one per group and batch of 100 members) + the scan of "
                + "the account as found: user pages of 100 (`GET /Users`), group pages of 100 (`GET /Groups`: the "
                + "system groups, one per permission group, and the user groups), the user-groups list (`GET "
                + "/iam/user_groups`, 50 a page), the permission groups (`GET /iam/permission_groups`, 50 a page: what "
                + "a policy can name) and the account's resource group, read once (`GET /iam/resource_groups`: a "
                + "policy names it by id).\n"
                + "- **Provisioning, virtual-groups model** = user creates + member PATCHes + the scan: user pages "
                + "and group pages (the role groups).\n"
                + "- **A drift scan** = the scan of the converged account alone (no resource group: it writes "
                + "nothing). **One membership edit** = 1 request.\n"
                + "- A list costs one page even when empty. **Fixed-window floor**: Cloudflare allows 1,200 requests "
                + "per token and 5-minute window, so N requests need at least ceil(N / 1200) windows; in time, "
                + "(ceil(N / 1200) - 1) x 5 minutes plus the last window's requests at the no-limit pace.\n\n");
        md.append("| model | users |");
        for (String part : Floor.PARTS) {
            md.append(' ').append(part).append(" |");
        }
        md.append(" floor | fewest windows |\n|---|---|");
        md.append("---|".repeat(Floor.PARTS.length)).append("---|---|\n");
        for (GroupModel model : GroupModel.values()) {
            for (int users : r.config().sizes()) {
                Floor floor = find(r, model, ENGINE, users).floor();
                md.append("| ").append(model.label()).append(" | ").append(users).append(" |");
                for (long part : floor.parts()) {
                    md.append(' ').append(part).append(" |");
                }
                md.append(' ').append(floor.total()).append(" | ").append(floor.windows()).append(" |\n");
            }
        }
        md.append('\n');
    }

    private static void provisioning(StringBuilder md, Results r) {
        Bench.Config c = r.config();
        md.append("## Initial provisioning\n\n");
        md.append(String.format(Locale.ROOT, "From an account holding only its owner. *Under the limit*: the "
                + "emulator's limit compressed to 1200 per %s (%.0fx faster than Cloudflare's 1200 per 5 min), our "
                + "TokenBudget compressed the same way (1200 per %s; 90%% only until Cloudflare's `Ratelimit` header "
                + "says what remains, then all of it). *Projected* to 1200 per 5 min: the windows the compressed run "
                + "used (a baseline waits once per window, after its 429; ours as the emulator counted them), each "
                + "but the last a full 5 minutes, plus the last window's share of the work at the no-limit pace "
                + "(scaling the whole compressed time by %.0f would scale the work and Retry-After's whole-second "
                + "rounding too). *Fixed-window floor*: the same arithmetic with the fewest windows the floor's "
                + "requests fit in and the floor's requests. Baselines do not pace; they wait out each 429's "
                + "Retry-After.%n%n", Report.fmtWindow(c.window()), c.compression(), Report.fmtWindow(c.window()),
                c.compression()));
        md.append("Neither IdP writes policies: they push groups and their members, and a policy is set in "
                + "Cloudflare (the dashboard, or its IAM API). *Policies left to set by hand* counts the policy "
                + "writes their pushed groups still need before each grants its role; until then the groups grant "
                + "nothing, and Cloudflare warns that a user group with no roles can block its members' logins. "
                + "Their requests leave those writes out (and the permission-group and resource-group reads that "
                + "writing them through the API would take), so their ratio to the floor flatters them by that "
                + "much.\n\n");
        for (GroupModel model : GroupModel.values()) {
            md.append("### ").append(capitalised(model.title())).append("\n\n");
            md.append("| users | contender | requests | floor | ratio to floor | policies left to set by hand "
                    + "| wall, no limit (s) | under limit (s) | 429s under limit | windows used "
                    + "| projected at 1200/5m (min) | fixed-window floor (min) | projected / fixed-window floor |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Results.Provisioning p : r.provisioning()) {
                if (p.model() == model) {
                    md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.3f | %d | %.2f | %.1f | %d | %d "
                                    + "| %.1f | %.1f | %.3f |%n", p.users(), p.contender(), p.requests(),
                            p.floor().total(), p.ratio(), p.policiesByHand(), p.wallSeconds(), p.limitedSeconds(),
                            p.rateLimited(), p.windows(), p.projectedSeconds() / 60, p.floorSeconds() / 60,
                            p.timeRatio()));
                }
            }
            md.append('\n');
        }
        byRoute(md, r);
        md.append("Entra's documented pace for an initial cycle (0.01-0.08 min per user, group or membership; "
                + "not simulated, the Entra-pattern client above runs as fast as the emulator answers):\n\n");
        for (Results.Provisioning p : r.provisioning()) {
            if (p.contender().equals(ENTRA) && p.model() == GroupModel.USER_GROUPS) {
                long objects = p.users() + p.groups() + p.memberships();
                md.append(String.format(Locale.ROOT, "- %d users: %d objects -> %.0f to %.0f min (either model)%n",
                        p.users(), objects, objects * ENTRA_MIN_PER_OBJECT_LOW, objects * ENTRA_MIN_PER_OBJECT_HIGH));
            }
        }
        md.append('\n');
    }

    /** The reconciliation: the floor's requests and each contender's, route by route, with no limit. */
    private static void byRoute(StringBuilder md, Results r) {
        md.append(BY_ROUTE).append("\n\n");
        md.append("What the emulator received with no limit, by route, beside the floor's parts; *other* is every "
                + "route the floor has no part for (listed below the table); the operator's rows are its convergence "
                + "on its own account (see [The operator](#the-operator)).\n\n");
        md.append("| model | users | who |");
        for (String route : Floor.ROUTES) {
            md.append(" `").append(route).append("` |");
        }
        md.append(" other | total |\n|---|---|---|").append("---|".repeat(Floor.ROUTES.length)).append("---|---|\n");
        List<String> others = new ArrayList<>();
        for (GroupModel model : GroupModel.values()) {
            for (int users : r.config().sizes()) {
                routeRow(md, model, users, FLOOR, find(r, model, ENGINE, users).floor().byRoute(), others);
                for (String contender : CONTENDERS) {
                    routeRow(md, model, users, contender, find(r, model, contender, users).routes(), others);
                }
            }
            OperatorScenario.Result o = operator(r, model);
            routeRow(md, model, o.users(), FLOOR, o.floor().byRoute(), others);
            routeRow(md, model, o.users(), OPERATOR, o.convergeRoutes(), others);
        }
        md.append('\n');
        if (others.isEmpty()) {
            md.append("No row has requests outside the floor's routes.\n\n");
        } else {
            others.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
    }

    private static void routeRow(StringBuilder md, GroupModel model, int users, String who, Map<String, Long> routes,
                                 List<String> others) {
        md.append("| ").append(model.label()).append(" | ").append(users).append(" | ").append(who).append(" |");
        long total = 0;
        for (String route : Floor.ROUTES) {
            long n = routes.getOrDefault(route, 0L);
            total += n;
            md.append(' ').append(n).append(" |");
        }
        Map<String, Long> outside = outsideFloor(routes);
        long other = outside.values().stream().mapToLong(Long::longValue).sum();
        md.append(' ').append(other).append(" | ").append(total + other).append(" |\n");
        if (other > 0) {
            others.add(model.label() + ", " + users + " users, " + who + ": " + spell(outside));
        }
    }

    /** The routes of {@code routes} the floor has no part for. */
    static Map<String, Long> outsideFloor(Map<String, Long> routes) {
        Map<String, Long> outside = new TreeMap<>(routes);
        for (String route : Floor.ROUTES) {
            outside.remove(route);
        }
        outside.values().removeIf(n -> n == 0);
        return outside;
    }

    private static void goals(StringBuilder md, Results r) {
        md.append("## Goals\n\n");
        md.append(String.format(Locale.ROOT, "Ours, in both models: requests equal to the floor, no 429 under the "
                + "compressed limit, projected time within %.2fx the fixed-window floor's. Where a goal is missed, the "
                + "last column gives the measured cause (each route where the requests differ from the floor's, "
                + "the 429s, the windows used against the fewest). The Okta pattern's requests against ours are "
                + "beside them.%n%n", TIME_GOAL));
        md.append("| model | users | requests = floor | no 429 under the compressed limit "
                + "| projected within 1.02x the fixed-window floor | Okta pattern's requests / ours "
                + "| measured cause of a miss |\n|---|---|---|---|---|---|---|\n");
        for (GroupModel model : GroupModel.values()) {
            for (int users : r.config().sizes()) {
                Results.Provisioning ours = find(r, model, ENGINE, users);
                Results.Provisioning okta = find(r, model, OKTA, users);
                boolean atFloor = ours.requests() == ours.floor().total();
                boolean no429 = ours.rateLimited() == 0;
                boolean inTime = ours.timeRatio() <= TIME_GOAL;
                List<String> causes = new ArrayList<>();
                if (!atFloor) {
                    causes.add(String.format(Locale.ROOT, "%+d requests: %s", ours.requests() - ours.floor().total(),
                            routeDifferences(ours.routes(), ours.floor().byRoute())));
                }
                if (!no429) {
                    causes.add(ours.rateLimited() + " requests refused with 429 under the compressed limit");
                }
                if (!inTime) {
                    causes.add(String.format(Locale.ROOT, "%d windows used, the floor's requests fit in %d",
                            ours.windows(), ours.floor().windows()));
                }
                md.append(String.format(Locale.ROOT, "| %s | %d | %s (%d, floor %d) | %s (%d) | %s (%.3fx) | %.2fx "
                                + "| %s |%n", model.label(), users, verdict(atFloor), ours.requests(),
                        ours.floor().total(), verdict(no429), ours.rateLimited(), verdict(inTime), ours.timeRatio(),
                        okta.requests() / (double) ours.requests(), causes.isEmpty() ? "-" : String.join("; ",
                                causes)));
            }
        }
        md.append("\nWhere a line says MISS, the figure stands as measured; the baselines were not tuned.\n\n");
    }

    /** Each route where {@code sent} differs from {@code floor}: {@code +1 GET /members, -2 GET /Users}. */
    static String routeDifferences(Map<String, Long> sent, Map<String, Long> floor) {
        Map<String, Long> all = new TreeMap<>(floor);
        sent.forEach((route, n) -> all.merge(route, 0L, Long::sum));
        List<String> differences = new ArrayList<>();
        all.keySet().forEach(route -> {
            long difference = sent.getOrDefault(route, 0L) - floor.getOrDefault(route, 0L);
            if (difference != 0) {
                differences.add(String.format(Locale.ROOT, "%+d %s", difference, route));
            }
        });
        return differences.isEmpty() ? "every route as the floor's" : String.join(", ", differences);
    }

    private static void baselines(StringBuilder md, Bench.Config c) {
        md.append("## How the baselines behave\n\n");
        md.append("Both baselines use the JDK HttpClient, one request at a time, against the same emulator; neither "
                + "paces; each waits out a 429 for its Retry-After and sends the request again. Both count what they "
                + "send (the harness checks their count equals the emulator's). Neither sets a policy: in the "
                + "user-groups model their groups are checked to hold the right members and to grant nothing.\n\n");
        md.append("- **Okta pattern** (Okta's documented SCIM integration): per user `GET /Users?filter=userName eq` "
                + "then `POST /Users`. Groups, in the user-groups model: Okta's *Group Push*, one `POST /Groups` per "
                + "IdP group with an empty member list (Okta pushes no empty group, and none here is), then member "
                + "PATCHes. In the virtual-groups model Cloudflare's `CF-<account> - <role>` groups cannot be pushed "
                + "(a POST is refused), so roles use Okta's *Link Group*: one `GET /Groups?filter=displayName eq` per "
                + "group, then member PATCHes. Okta documents \"PATCH member add/remove\" without a batch size; we "
                + "chose the reading most favourable to Okta: each PATCH carries up to 100 members (Okta's reference "
                + "shows a PATCH with a list of members, and 100 is Okta's page size). One PATCH per membership would "
                + "double its requests again. Edits: one PATCH. Drift: none in push mode; an import is measured as "
                + "its scan.\n");
        md.append("- **Entra pattern**: per user lookup by userName, create (with an `externalId`), id cached; per "
                + "group a `displayName eq` lookup with `excludedAttributes=members` and, in the user-groups model, "
                + "not found, a `POST /Groups` (its object id as `externalId`, no members); one PATCH per membership "
                + "with the capitalised `Add` / `Remove` ops. Entra's 0.6-4.8 s per object in the initial cycle and "
                + "its fixed 40-minute cycle are reported as documented figures, not slept: its measured times are a "
                + "lower bound.\n");
        md.append(String.format(Locale.ROOT, "- **Compression**: Retry-After comes in whole seconds, so under a %s "
                + "window a baseline may wait up to a second past the window's end; at Cloudflare's 5-minute window "
                + "that rounding is negligible; the projection counts windows, so the rounding inflates only the "
                + "measured compressed time, not the projected one. Our engine never waits on a 429: it spends what "
                + "each window's `Ratelimit` header says remains, then waits for the reset that header gives (whole "
                + "seconds too, so the compressed time, not the projected one, carries up to a second per window).%n",
                fmtWindow(c.window())));
    }

    static String verdict(boolean holds) {
        return holds ? "PASS" : "MISS";
    }

    static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String spell(Map<String, Long> routes) {
        List<String> parts = new ArrayList<>();
        routes.forEach((route, n) -> parts.add(n + " " + route));
        return String.join(", ", parts);
    }

    static String fmtWindow(java.time.Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    static Results.Provisioning find(Results r, GroupModel model, String contender, int users) {
        return r.provisioning().stream()
                .filter(p -> p.model() == model && p.contender().equals(contender) && p.users() == users).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + contender + " row for " + users + " users in the "
                        + model.label() + " model"));
    }

    /** {@code --operator-sizes} as the run was given it, when it overrode the mode's sizes. */
    private static String operatorSizesFlag(Bench.Config c) {
        Bench.Config mode = c.mode().equals("full") ? Bench.Config.full() : Bench.Config.quick();
        return c.operatorSizes().equals(mode.operatorSizes()) ? "" : " --operator-sizes "
                + c.operatorSizes().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** The model's operator run at its largest size: the one the route table shows. */
    static OperatorScenario.Result operator(Results r, GroupModel model) {
        return r.operators().stream().filter(o -> o.model() == model)
                .max(java.util.Comparator.comparingInt(OperatorScenario.Result::users))
                .orElseThrow(() -> new IllegalStateException("no operator run in the " + model.label() + " model"));
    }
}
