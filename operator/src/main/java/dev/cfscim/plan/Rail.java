package dev.cfscim.plan;

import java.util.List;

/** A safety rail of the planner: holds changes back, with the reason, rather than dropping them. */
interface Rail {

    /** The changes it lets through, in plan order; the ones it holds go to {@code held}. */
    List<Change> hold(List<Change> changes, List<HeldChange> held);
}
