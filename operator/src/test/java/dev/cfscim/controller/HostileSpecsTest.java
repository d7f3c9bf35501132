package dev.cfscim.controller;

import static dev.cfscim.controller.OperatorHarness.NAMESPACE;
import static dev.cfscim.controller.OperatorHarness.condition;
import static dev.cfscim.controller.OperatorHarness.eventually;
import static dev.cfscim.controller.OperatorHarness.is;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cfscim.api.Assignments;
import dev.cfscim.api.Condition;
import dev.cfscim.api.RequestBudget;
import dev.cfscim.api.ScimApp;
import dev.cfscim.api.ScimAppSpec;
import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import dev.cfscim.api.TokenSecretRef;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random and hostile specs through the operator, as the mock API server lets them through (a real
 * one with the CRDs would refuse most at the door; an older CRD or a Secret's value would not):
 * tokens with spaces, control characters, non-ASCII, empty or huge; durations huge, zero, negative,
 * garbage or 1ms; names, limits, endpoints and annotations no one should write; 10,000-element
 * assignment lists; userNames that are no email address. After every round the ScimApp has
 * {@code Synced} and {@code Ready} written for its current generation, with a reason and a message
 * that never repeat the token, JOSDK has counted no failed reconciliation, and no refused userName
 * is a member. Then a valid spec brings the app back to Ready.
 *
 * <p>Each run draws its own seed and prints it; {@code -Dhostile.seed=N} replays a run.
 */
@ExtendWith(PublishedSchemaCheck.class)
class HostileSpecsTest {

    /** About 15 s here alone; a round after a 10,000-name list costs a second of JSON for the mock API server. */
    private static final int ROUNDS = 25;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE_USER = "hostile";
    /** 254 characters, the most an address has, in labels of at most 63 as the published format: email wants. */
    private static final String LONGEST = "ann@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "."
            + "e".repeat(54) + ".com";

    @AutoClose
    private OperatorHarness h;
    private Random random;
    /** The token the Secret holds now. */
    private String token;
    /** The userName the hostile ScimUser declares now. */
    private String hostileUserName;

    @Test
    void everyHostileSpecEndsInAWrittenConditionAndNoFailedReconciliation() throws Exception {
        long seed = Long.getLong("hostile.seed", new SecureRandom().nextLong());
        System.out.println("HostileSpecsTest seed " + seed + " (replay: -Dhostile.seed=" + seed + ")");
        random = new Random(seed);
        h = new OperatorHarness().startOperator();
        h.applyExamples();
        h.awaitExamplesConverged();
        ScimAppSpec valid = copy(h.app().getSpec());
        token = h.token;
        hostileUserName = "hostile@acme.example.com";
        createHostileUser();

        List<String> told = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int number = round;
            List<String> changes = new ArrayList<>();
            if (random.nextInt(3) == 0) {
                token = hostileToken();
                h.setToken(token);
                changes.add("token " + shown(token));
            }
            if (random.nextInt(3) == 0) {
                hostileUserName = hostileUserName();
                h.edit(ScimUser.class, HOSTILE_USER, u -> {
                    u.getSpec().setUserName(hostileUserName);
                    return u;
                });
                changes.add("userName " + shown(hostileUserName));
            }
            ScimAppSpec spec = copy(valid);
            // deprovisionLimit differs every round: each round is a new generation the operator must observe.
            spec.setDeprovisionLimit(100 + number);
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                changes.add(pick(SPEC_MUTATIONS).apply(this, spec));
            }
            Map<String, String> annotations = random.nextInt(4) == 0 ? hostileAnnotations() : Map.of();
            boolean dropSpec = random.nextInt(15) == 0;
            replaceApp(app -> {
                app.setSpec(dropSpec ? null : spec);
                app.getMetadata().setAnnotations(annotations);
            });
            String what = "seed " + seed + ", round " + number + ": " + (dropSpec ? "spec removed" : changes)
                    + (annotations.isEmpty() ? "" : " " + annotations);
            told.add(what);

            long started = System.nanoTime();
            eventually().alias(what).until(() -> conditionsWrittenForItsGeneration(h.app()));
            System.out.printf("%s: conditions written after %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
            ScimApp app = h.app();
            for (String type : List.of("Synced", "Ready")) {
                Condition c = condition(app, type).orElseThrow();
                assertThat(c.reason()).as(what).isNotBlank();
                // Each input has its own reason: the net for errors nobody foresaw catches none of these.
                assertThat(c.message()).as(what).isNotBlank().doesNotStartWith("unexpected error");
                if (token.strip().length() >= 8) {
                    assertThat(c.message()).as(what + ": never the token").doesNotContain(token.strip());
                }
            }
            assertThat(h.failedReconciliations()).as(what + ": failed reconciliations").isZero();
            if (!acceptable(hostileUserName)) {
                assertThat(h.cf.account().member(hostileUserName).isPresent()).as(what + ": a refused userName is a member")
                        .isFalse();
            }
        }

        // Valid again: the app comes back, as if nothing had happened.
        h.setToken(h.token);
        h.edit(ScimUser.class, HOSTILE_USER, u -> {
            u.getSpec().setUserName("hostile@acme.example.com");
            return u;
        });
        // Rescanned every second: a member a hostile round created under another userName (a valid
        // address of 254 characters, say) is now a stray, and the operator deprovisions a stray only
        // once a second scan still sees it (AwaitingNextScan); at the examples' 10 minutes that would
        // outlast the wait, and hold the app not Ready meanwhile, rightly.
        ScimAppSpec restored = copy(valid);
        restored.setResyncInterval("1s");
        // The replace is written again whenever the app does not hold it: with fabric8's mock API
        // server, a replace racing a slow reconcile's status write after a round of 10,001 names was
        // seen not to stick (the app reconciled that round's spec at the new generation).
        eventually().alias("seed " + seed + ", after " + told).until(() -> {
            if (!JSON.valueToTree(h.app().getSpec()).equals(JSON.valueToTree(restored))) {
                replaceApp(app -> {
                    app.setSpec(restored);
                    app.getMetadata().setAnnotations(Map.of());
                });
                return false;
            }
            return is(h.app(), "Ready", "True") && h.isMember("hostile@acme.example.com");
        });
        assertThat(h.failedReconciliations()).isZero();
    }

    /**
     * Replaces the app whole (a PUT), again on a conflict with the operator's status writes: a patch
     * computed between two 10,000-name lists is more than the mock API server can apply in time.
     */
    private void replaceApp(Consumer<ScimApp> change) {
        for (int attempt = 1; ; attempt++) {
            ScimApp app = h.app();
            change.accept(app);
            try {
                h.kube.resources(ScimApp.class).inNamespace(NAMESPACE).resource(app).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static boolean conditionsWrittenForItsGeneration(ScimApp app) {
        Long generation = app.getMetadata().getGeneration();
        return app.getStatus() != null && generation.equals(app.getStatus().getObservedGeneration())
                && Stream.of("Synced", "Ready").allMatch(type -> condition(app, type)
                .map(c -> generation.equals(c.observedGeneration())).orElse(false));
    }

    // ---- what a round may do to the spec

    private static final List<BiFunction<HostileSpecsTest, ScimAppSpec, String>> SPEC_MUTATIONS = List.of(
            (t, s) -> {
                s.setResyncInterval(t.hostileDuration());
                return "resyncInterval " + shown(s.getResyncInterval());
            },
            (t, s) -> {
                s.setDeprovisionWindow(t.hostileDuration());
                return "deprovisionWindow " + shown(s.getDeprovisionWindow());
            },
            (t, s) -> {
                s.setRoleRemovalWindow(t.hostileDuration());
                return "roleRemovalWindow " + shown(s.getRoleRemovalWindow());
            },
            (t, s) -> {
                s.setRequestBudget(new RequestBudget(t.hostileInt(), t.hostileDuration(),
                        t.pick(List.of(0.9, 0.0, -1.0, 1.0, 2.5, Double.MIN_VALUE))));
                return "requestBudget " + s.getRequestBudget().getRequests() + " per "
                        + shown(s.getRequestBudget().getPer()) + " at " + s.getRequestBudget().getHeadroom();
            },
            (t, s) -> {
                s.setRoleRemovalLimit(t.hostileInt());
                return "roleRemovalLimit " + s.getRoleRemovalLimit();
            },
            (t, s) -> {
                s.setDeprovisionLimit(-t.random.nextInt(1000) - 1);
                return "deprovisionLimit " + s.getDeprovisionLimit();
            },
            (t, s) -> {
                s.setAccountId(t.hostileString());
                return "accountId " + shown(s.getAccountId());
            },
            (t, s) -> {
                // Never a host that resolves: the token must not leave this machine, even in a test.
                s.setEndpoint(t.pick(List.of("not a url", "ftp://127.0.0.1/scim", "http://127.0.0.1:1/scim/v2",
                        "https://scim.example.invalid/v2", "", "http://" + "x".repeat(100_000), "https://[::1")));
                return "endpoint " + shown(s.getEndpoint());
            },
            (t, s) -> {
                s.setTokenSecretRef(t.pick(List.of(new TokenSecretRef("", "token"),
                        new TokenSecretRef("cloudflare-scim-token", "missing"),
                        new TokenSecretRef("cloudflare-scim-token", ""),
                        new TokenSecretRef("y".repeat(10_000), "token"),
                        new TokenSecretRef("cloudflare-scim-token", null))));
                return "tokenSecretRef " + shown(s.getTokenSecretRef().getName()) + "/"
                        + shown(s.getTokenSecretRef().getKey());
            },
            (t, s) -> {
                List<String> users = new ArrayList<>(IntStream.range(0, 10_000).mapToObj(i -> "ghost-" + i).toList());
                users.add(t.hostileString());
                s.setAssignments(new Assignments(users, List.of("no-such-group"), s.getAssignments().getUserSelector()));
                return "assignments.users of 10,001 names";
            },
            (t, s) -> {
                s.setAssignments(new Assignments(List.of(t.hostileString()), List.of(t.hostileString()), null));
                return "assignments of hostile names";
            });

    private Map<String, String> hostileAnnotations() {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(ScimApp.ALLOW_DEPROVISIONS_ANNOTATION, pick(List.of("all", "-1", "99999999999999999999",
                "2147483647", "")));
        annotations.put(ScimApp.ALLOW_ROLE_REMOVALS_ANNOTATION, pick(List.of("1.5", " 3", "0x10", "9")));
        return annotations;
    }

    private String hostileDuration() {
        return pick(List.of("9999999999999h", "99999999999999999999999h", "0s", "-1h", "garbage", "1ms", "", "1.5h",
                "1s", "59s", "10m", "168h", "169h", "720h", "721h", "24h", "25h", "30d", " 10m", "10m\n",
                "1h".repeat(50), "1h".repeat(50_000)));
    }

    private int hostileInt() {
        return pick(List.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1200));
    }

    private String hostileString() {
        return pick(List.of("", " ", "\u0000", "\u0007bell", "Ünïcödé", "a".repeat(100_000), "../../etc",
                "UPPER_case", "x\ny", "p\u0430ul", "\uD83D\uDE00"));
    }

    private String hostileToken() {
        String valid = h.token;
        int at = random.nextInt(valid.length() + 1);
        return pick(List.of(
                valid.substring(0, at) + " " + valid.substring(at),
                valid.substring(0, at) + "\u0000" + valid.substring(at),
                valid.substring(0, at) + "\u0007" + valid.substring(at),
                valid.substring(0, at) + "é" + valid.substring(at),
                "", "   ", "\n",
                "t".repeat(100_000),
                valid + "x".repeat(2_000),
                "wrong-" + valid,
                valid,
                "  " + valid + "\n"));
    }

    private String hostileUserName() {
        return pick(List.of("a".repeat(10_000) + "@acme.example.com", "nul\u0000@acme.example.com",
                "bell\u0007@acme.example.com", "", "  spaced@acme.example.com ", "no-at-sign", "p\u0430ul@acme.example.com",
                "two@@acme.example.com", LONGEST, "hostile@acme.example.com"));
    }

    /** Whether Cloudflare's format: email would take it, as far as the operator checks: the same rules, written apart. */
    private static boolean acceptable(String userName) {
        return !userName.isBlank() && userName.codePointCount(0, userName.length()) <= 254
                && userName.matches("^[^@\\s\\p{Cc}]+@[^@\\s\\p{Cc}]+\\.[^@\\s\\p{Cc}]+$")
                && userName.chars().allMatch(c -> c < 0x80);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private void createHostileUser() {
        ScimUser user = new ScimUser();
        user.setMetadata(new ObjectMetaBuilder().withName(HOSTILE_USER).withNamespace(NAMESPACE)
                .withLabels(Map.of("cloudflare.acme.example/prod", "member")).build());
        user.setSpec(new ScimUserSpec(hostileUserName, null, null, true));
        h.kube.resource(user).create();
    }

    private static ScimAppSpec copy(ScimAppSpec spec) {
        return JSON.convertValue(spec, ScimAppSpec.class);
    }

    /** Short and printable: what a round did, for the failure message. */
    private static String shown(String text) {
        if (text == null) {
            return "null";
        }
        String escaped = text.codePoints().limit(40).mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))).reduce("", String::concat);
        return "'" + escaped + (text.length() > 40 ? "...' (" + text.length() + " characters)" : "'");
    }
}
