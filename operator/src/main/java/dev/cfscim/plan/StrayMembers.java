package dev.cfscim.plan;

import java.util.Set;

/**
 * Which strays may be deprovisioned now. A stray is an active member this app created or adopted
 * (its owner tag) that no ScimUser declares any more: Git no longer gives it access, whatever
 * {@code unmanagedUsers} says, since that policy is about people cfscim never owned.
 *
 * <p>A command-line plan reads its whole declaration from its files, so every stray is due. The
 * operator reads ScimUsers as they arrive, and a ScimApp applied a moment before its ScimUsers (a
 * restore, a GitOps tool's order) would see all of them as strays: there a stray is due only when
 * the scan before the last one saw it a stray too ({@code seenBefore}), so a ScimUser on its way has
 * a whole resync interval to arrive.
 *
 * @param all        every stray is due
 * @param seenBefore otherwise, the keys of the strays the previous scan saw
 */
public record StrayMembers(boolean all, Set<String> seenBefore) {

    /** Every stray is due: a plan whose declaration is whole (the command line). */
    public static final StrayMembers ALL_DUE = new StrayMembers(true, Set.of());

    public StrayMembers {
        seenBefore = Set.copyOf(seenBefore);
    }

    /** Only the strays an earlier scan saw too. */
    public static StrayMembers seenBefore(Set<String> keys) {
        return new StrayMembers(false, keys);
    }

    public boolean due(String key) {
        return all || seenBefore.contains(key);
    }
}
