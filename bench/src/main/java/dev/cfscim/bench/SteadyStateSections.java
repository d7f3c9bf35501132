package dev.cfscim.bench;

import java.util.Locale;

/**
 * The sections of results.md about a converged account, each model's table today's first: one
 * membership edit, a quiet hour and a drift scan, and the operator (its convergence beside the
 * floor, its memory, where its time goes).
 */
final class SteadyStateSections {

    private SteadyStateSections() {
    }

    static void append(StringBuilder md, Results r) {
        edits(md, r);
        quiet(md, r);
        operator(md, r);
    }

    private static void edits(StringBuilder md, Results r) {
        md.append("## One membership edit\n\n");
        md.append(String.format(Locale.ROOT, "%d edits in a converged account in each model (alternately adding a "
                + "user to a role's group and removing it again: in the user-groups model the pushed user group, in "
                + "the virtual-groups model the role group), timed from the contender being told to the PATCH being "
                + "applied by the emulator. Floor: 1 request. The operator's edits follow as many unmeasured ones "
                + "(a running operator has reconciled many times before an edit comes; the first reconciles of a "
                + "fresh JVM would measure its JIT, and the first model run would pay for both); the engine's follow "
                + "its provisioning of the same account.%n%n", r.config().edits()));
        for (GroupModel model : GroupModel.values()) {
            md.append("### ").append(Report.capitalised(model.title())).append("\n\n");
            md.append("| contender | users | requests per edit | floor | ratio | median (ms) | p95 (ms) | how |\n");
            md.append("|---|---|---|---|---|---|---|---|\n");
            for (Results.Edit e : r.edits()) {
                if (e.model() == model) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | 1 | %.2f | %.2f | %.2f | %s |%n",
                            e.contender(), e.users(), e.requestsPerEdit(), e.requestsPerEdit(), e.median(), e.p95(),
                            e.note()));
                }
            }
            md.append('\n');
        }
        md.append("Documented, not simulated: Entra applies a change at its next cycle, every 40 minutes (so a median "
                + "of about 20 minutes and a worst case of 40); Okta pushes on the event.\n\n");
    }

    private static void quiet(StringBuilder md, Results r) {
        md.append("## A quiet hour and one drift scan\n\n");
        md.append("A converged account and nothing changing for an hour; and the cost of one look for drift, beside "
                + "the floor of a drift scan: one full scan of the converged account (user pages and group pages of "
                + "100; in the user-groups model also the user groups and the permission groups, 50 a page).\n\n");
        for (GroupModel model : GroupModel.values()) {
            md.append("### ").append(Report.capitalised(model.title())).append("\n\n");
            md.append("| contender | users | requests in a quiet hour | basis | one drift scan (requests) | floor "
                    + "| ratio | what the scan is |\n|---|---|---|---|---|---|---|---|\n");
            for (Results.Quiet q : r.quiet()) {
                if (q.model() == model) {
                    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %.2f | %s |%n",
                            q.contender(), q.users(), q.quietHourRequests(), q.quietHourBasis(),
                            q.driftScanRequests(), q.driftScanFloor().total(),
                            q.driftScanRequests() / (double) q.driftScanFloor().total(), q.driftScanNote()));
                }
            }
            md.append('\n');
        }
        for (OperatorScenario.Result o : r.operators()) {
            md.append(String.format(Locale.ROOT, "The operator (%s), idle after converging on %d users, sent %d "
                    + "requests in %.1f s (it sends nothing between scans).%n", o.model().label(), o.users(),
                    o.idleRequests(), o.idleSeconds()));
        }
        md.append("Okta and Entra spend nothing in a quiet hour because they never look: drift made in the dashboard "
                + "stays until someone notices.\n\n");
    }

    private static void operator(StringBuilder md, Results r) {
        Bench.Config c = r.config();
        md.append("## The operator\n\n");
        md.append(String.format(Locale.ROOT, "The operator (JOSDK, informers over ScimUsers, ScimGroups, bindings and "
                + "the Secret) running in this process beside fabric8's CRUD mock and the emulator, all holding %s "
                + "ScimUsers in %d groups, each bound to one role, in each model and size on a fresh emulator and mock "
                + "(today's "
                + "first). *Converge*: from the ScimApp's creation to every member and group in place in the emulator, "
                + "no rate limit; its requests beside the floor (route by route in [the reconciliation]"
                + "(#requests-by-route-against-the-floor)). Heap after `System.gc()` (MemoryMXBean), RSS from "
                + "/proc/self/status VmRSS. *Before*: mock and emulator holding the account, operator not started; "
                + "*after*: operator converged; the difference is the operator's share. Both runs share one JVM, so "
                + "the second's RSS starts from what the first left (a JVM rarely gives memory back).%n%n",
                c.operatorSizes().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
                c.groups()));
        md.append("| model | ScimUsers | converge requests | floor | ratio | converge (s) | heap before (MB) "
                + "| heap after (MB) | operator's heap (MB) | RSS before (MB) | RSS after (MB) | RSS growth (MB) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (OperatorScenario.Result o : r.operators()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.1f | %.1f | %.1f | %.1f | %.1f "
                            + "| %.1f | %.1f |%n", o.model().label(), o.users(), o.convergeRequests(),
                    o.floor().total(), o.convergeRequests() / (double) o.floor().total(), o.convergeSeconds(),
                    o.heapBeforeMb(), o.heapAfterMb(), o.heapAfterMb() - o.heapBeforeMb(), o.rssBeforeMb(),
                    o.rssAfterMb(), o.rssAfterMb() - o.rssBeforeMb()));
        }
        md.append('\n');
        for (OperatorScenario.Result o : r.operators()) {
            if (o.convergeRequests() != o.floor().total()) {
                md.append(String.format(Locale.ROOT, "The operator's convergence (%s) differs from the floor: %s.%n%n",
                        o.model().label(), Report.routeDifferences(o.convergeRoutes(), o.floor().byRoute())));
            }
            md.append(String.format(Locale.ROOT, "Where the %s convergence's %.1f s at %d ScimUsers went: %d "
                    + "reconcile(s) ran for "
                    + "%.1f s in all (JOSDK's reconcile timer); the in-process API server's event loop used %.1f s of "
                    + "CPU. After its Cloudflare work, the first reconcile writes a status and a finalizer to "
                    + "every ScimUser, 8 at a time: two patches per ScimUser to the in-process API server. During the "
                    + "edits, a reconcile took %.1f ms on average (%d reconciles: the plan over the users the edit touches, "
                    + "the PATCH, then the changed statuses and an event, which the edit's time does not wait for); "
                    + "the mock used %.1f s of CPU over the %d edits.%n%n", o.model().label(), o.convergeSeconds(),
                    o.users(), o.converge().reconciles(), o.converge().reconcileSeconds(), o.converge().mockCpuSeconds(),
                    o.edit().meanReconcileMillis(), o.edit().reconciles(), o.edit().mockCpuSeconds(),
                    o.editMillis().size()));
        }
        md.append("The in-process API server is fabric8's CRUD mock with its store finding an object by name "
                + "(`cli/KeyedCrudDispatcher`), as a real API server finds it by key: fabric8's own store matches "
                + "each write against every object it holds, which made a first sync grow as the square of its "
                + "ScimUsers. Lists, watches and the mock's JSON patching are fabric8's, and still cost in "
                + "proportion to the objects written.\n\n");
        OperatorSizeSection.write(md, r);
        OperatorFootprintSection.write(md, r);
    }
}
