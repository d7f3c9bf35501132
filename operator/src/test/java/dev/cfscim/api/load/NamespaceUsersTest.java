package dev.cfscim.api.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.ScimUser;
import dev.cfscim.api.ScimUserSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A table made by {@link NamespaceUsers#with} from a chain of changes holds what a table listed
 * afresh holds: the same users, each name finding its user, the same departing users; a changed
 * user keeps its place and a new one comes last.
 */
class NamespaceUsersTest {

    @Test
    void aTableMadeFromChangesHoldsWhatAFreshListingHolds() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            // The model: the users by name, in the order a table made from changes keeps them.
            Map<String, ScimUser> model = new LinkedHashMap<>();
            IntStream.range(0, random.nextInt(30)).forEach(i -> model.put("u" + i, user("u" + i, random.nextInt(5) == 0)));
            NamespaceUsers table = NamespaceUsers.of(List.copyOf(model.values()));
            for (int step = 0; step < 30; step++) {
                Map<String, Optional<ScimUser>> changes = new HashMap<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    String name = "u" + random.nextInt(40);
                    if (random.nextInt(3) == 0) {
                        changes.put(name, Optional.empty());
                        model.remove(name);
                    } else {
                        ScimUser now = user(name, random.nextInt(5) == 0);
                        changes.put(name, Optional.of(now));
                        model.put(name, now);
                    }
                }
                table = table.with(changes);
                String where = "seed " + seed + " step " + step;
                assertThat(table.list()).as(where).containsExactlyInAnyOrderElementsOf(model.values());
                for (int i = 0; i < 40; i++) {
                    assertThat(table.named("u" + i)).as(where).isEqualTo(Optional.ofNullable(model.get("u" + i)));
                }
                assertThat(table.departing()).as(where).containsExactlyInAnyOrderElementsOf(model.values().stream()
                        .filter(u -> u.getMetadata().getDeletionTimestamp() != null).toList());
                NamespaceUsers fresh = NamespaceUsers.of(table.list());
                assertThat(fresh.list()).isEqualTo(table.list());
                assertThat(fresh.departing()).containsExactlyInAnyOrderElementsOf(table.departing());
            }
        }
    }

    @Test
    void aChangedUserKeepsItsPlaceAndANewOneComesLast() {
        ScimUser alice = user("alice", false);
        ScimUser bob = user("bob", false);
        ScimUser carol = user("carol", false);
        NamespaceUsers table = NamespaceUsers.of(List.of(alice, bob, carol));
        ScimUser bob2 = user("bob", true);
        ScimUser dave = user("dave", false);

        NamespaceUsers next = table.with(Map.of("bob", Optional.of(bob2), "dave", Optional.of(dave),
                "alice", Optional.empty()));

        assertThat(next.list()).containsExactly(bob2, carol, dave);
        assertThat(next.departing()).containsExactly(bob2);
        assertThat(next.named("alice")).isEmpty();
        // The table it was made from is unchanged: a reconcile still reading it sees what it saw.
        assertThat(table.list()).containsExactly(alice, bob, carol);
        assertThat(table.named("alice")).contains(alice);
        assertThat(table.with(Map.of())).isSameAs(table);
    }

    @Test
    void aNameListedTwiceFindsItsFirst() {
        ScimUser first = user("alice", false);
        ScimUser second = user("alice", false);

        NamespaceUsers table = NamespaceUsers.of(List.of(first, second));

        assertThat(table.list()).containsExactly(first, second);
        assertThat(table.named("alice")).containsSame(first);
    }

    @Test
    void changesPastASixteenthOfTheBaseAskForANewListing() {
        List<ScimUser> users = new ArrayList<>();
        IntStream.range(0, 1600).forEach(i -> users.add(user("u" + i, false)));
        NamespaceUsers table = NamespaceUsers.of(users);
        Map<String, Optional<ScimUser>> changes = new HashMap<>();
        IntStream.range(0, 164).forEach(i -> changes.put("u" + i, Optional.of(user("u" + i, false))));

        assertThat(table.with(changes).needsNewBase(0)).isFalse();
        assertThat(table.with(changes).needsNewBase(1)).isTrue();
        assertThat(table.with(changes).with(Map.of("new", Optional.of(user("new", false)))).needsNewBase(0)).isTrue();
        assertThat(table.needsNewBase(165)).isTrue();
    }

    private static ScimUser user(String name, boolean departing) {
        ScimUser user = new ScimUser();
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace("ns");
        if (departing) {
            meta.withDeletionTimestamp("2026-12-07T00:00:00Z");
        }
        user.setMetadata(meta.build());
        user.setSpec(new ScimUserSpec(name + "@example.com", null, null, true));
        return user;
    }
}
