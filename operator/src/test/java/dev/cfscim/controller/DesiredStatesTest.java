package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimApp;
import dev.cfscim.api.load.LoadResult;
import dev.cfscim.api.load.ResourceLoader;
import dev.cfscim.api.load.ResourceSet;
import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.PlanInputs;
import org.junit.jupiter.api.Test;

/** The declaration the reconcile plans with, once confusable userNames are refused. */
class DesiredStatesTest {

    @Test
    void refusingAConfusableUserKeepsTheHoldsOfAnIncompleteDeclaration() {
        // An assigned ScimGroup that does not exist, two ScimUsers with one userName, and one
        // ScimUser whose userName has a Cyrillic "а": refusing the last must not drop the others' holds.
        LoadResult loaded = new ResourceLoader().loadString("""
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimApp
                metadata: {name: acme, namespace: team}
                spec:
                  accountId: 023e105f4ecef8ad9ca31a8372d0c353
                  tokenSecretRef: {name: token}
                  assignments: {users: [ann, ann-again, paul], groups: [gone]}
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: ann, namespace: team}
                spec: {userName: ann@example.com}
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: ann-again, namespace: team}
                spec: {userName: Ann@example.com}
                ---
                apiVersion: scim.cfscim.dev/v1alpha1
                kind: ScimUser
                metadata: {name: paul, namespace: team}
                spec: {userName: p\u0430ul@example.com}
                """, "case.yaml");
        ResourceSet resources = loaded.resources();
        ScimApp app = resources.apps().get(0);
        DesiredState declared = PlanInputs.desiredState(resources, app);
        assertThat(declared.holds().isDuplicate("ann@example.com")).isTrue();
        assertThat(declared.holds().missingAssignments()).isNotEmpty();

        DesiredState refused = DesiredStates.withoutConfusable(declared, resources.usersIn("team"));

        assertThat(refused.user("p\u0430ul@example.com")).as("refused").isNull();
        assertThat(refused.holds()).isEqualTo(declared.holds());
    }
}
