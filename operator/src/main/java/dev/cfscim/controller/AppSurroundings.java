package dev.cfscim.controller;

import dev.cfscim.api.Conditions.Reason;
import java.util.List;

/**
 * What a ScimApp's status says beyond its own plan: the GroupRoleBindings it carries that cannot be
 * honoured (an unknown or domain-scoped role, a reserved or another app's group name, a missing
 * ScimGroup), and the other ScimApps that call the same account.
 *
 * @param unhonoured the bindings not Ready for a reason of their own, in name order
 * @param sharedWith the other ScimApps on the account, as namespace/name
 */
record AppSurroundings(List<Unhonoured> unhonoured, List<String> sharedWith) {

    /** A binding whose Ready is False for its own reason (not merely because the reconcile failed). */
    record Unhonoured(String binding, Reason reason, String message) {
    }

    /** Nothing known beyond the app itself (a reconcile that broke off before it looked). */
    static final AppSurroundings NONE = new AppSurroundings(List.of(), List.of());

    AppSurroundings {
        unhonoured = List.copyOf(unhonoured);
        sharedWith = List.copyOf(sharedWith);
    }
}
