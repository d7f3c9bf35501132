package dev.cfscim.controller;

import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.UserNameRules;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UserNameRules#refusal} remembered between reconciles: a pure function of the userName and
 * the confusable opt-in, which the operator would otherwise work out again for every ScimUser of
 * the namespace at every reconcile (a confusable check per userName: milliseconds at 10,000 users).
 * Bounded: past {@link #LIMIT} verdicts it starts over, so renamed users cannot grow it without end.
 */
final class UserNameVerdicts {

    static final int LIMIT = 200_000;

    private final Map<String, Optional<UserNameRules.Refusal>> strict = new ConcurrentHashMap<>();

    Optional<UserNameRules.Refusal> refusal(ScimUserSpec spec) {
        if (spec == null || spec.getUserName() == null || Boolean.TRUE.equals(spec.getAllowConfusableUserName())) {
            return UserNameRules.refusal(spec);
        }
        if (strict.size() >= LIMIT) {
            strict.clear();
        }
        return strict.computeIfAbsent(spec.getUserName(), name -> UserNameRules.refusal(spec));
    }
}
