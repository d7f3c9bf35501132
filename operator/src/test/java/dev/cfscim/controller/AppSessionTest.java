package dev.cfscim.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.plan.DesiredState;
import dev.cfscim.plan.RemoteState;
import dev.cfscim.scim.RemoteUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a session publishes for other threads: a look that later writes to the session never change. */
class AppSessionTest {

    private static RemoteUser member(String id, String userName, boolean active) {
        return new RemoteUser(id, userName, "A", "B", null, active, List.of());
    }

    private static AppSession session() {
        return new AppSession(new AppSession.Connection("https://example.com", "fp", 1200, 300_000, 0.1), null, null);
    }

    @Test
    void beforeAnyLookEveryUserMayStillBeAMember() {
        AppSession session = session();

        assertThat(session.lastLook()).isSameAs(LastLook.NOT_YET);
        assertThat(session.lastLook().mayHaveMember("ann@example.com")).isTrue();

        session.publish();
        assertThat(session.lastLook().mayHaveMember("ann@example.com"))
                .as("published before the account was read").isTrue();
    }

    @Test
    void aPublishedLookKeepsWhatItSawWhileTheSessionMovesOn() {
        AppSession session = session();
        RemoteState remote = new RemoteState("acct");
        remote.putUser(member("u1", "Ann@Example.com", true));
        remote.putUser(member("u2", "bob@example.com", false));
        session.remote(remote);
        session.publish();
        LastLook first = session.lastLook();

        assertThat(first.mayHaveMember("ann@example.com")).as("userNames compare ignoring case").isTrue();
        assertThat(first.mayHaveMember("bob@example.com")).as("an inactive member").isFalse();
        assertThat(first.mayHaveMember("carol@example.com")).isFalse();
        assertThat(first.confirmedGone("bob@example.com")).as("listed inactive: Cloudflare's word").isTrue();
        assertThat(first.confirmedGone("carol@example.com")).as("merely not listed").isFalse();

        // The applier deprovisions Ann in place; the next look says so, the first one still does not.
        remote.deprovisioned("u1");
        session.remoteWritten();
        session.publish();

        assertThat(session.lastLook().mayHaveMember("ann@example.com")).isFalse();
        assertThat(session.lastLook().confirmedGone("ann@example.com")).as("the deprovision's answer").isTrue();
        assertThat(first.mayHaveMember("ann@example.com")).isTrue();
        assertThat(first.confirmedGone("ann@example.com")).isFalse();
    }

    @Test
    void aUserALookupDoesNotFindIsConfirmedGoneAndOneItFindsIsAMember() {
        AppSession session = session();
        RemoteState remote = new RemoteState("acct");
        session.remote(remote);
        remote.confirmAbsent("carol@example.com");
        remote.foundBeyondListing(member("u3", "dave@example.com", true));
        session.remoteWritten();
        session.publish();

        assertThat(session.lastLook().confirmedGone("carol@example.com")).isTrue();
        assertThat(session.lastLook().mayHaveMember("dave@example.com")).isTrue();
        assertThat(session.lastLook().confirmedGone("dave@example.com")).isFalse();
        assertThat(remote.foundBeyondListing()).containsExactly("dave@example.com");
    }

    @Test
    void aStateThatMustBeReadAgainKnowsNoMembers() {
        AppSession session = session();
        RemoteState remote = new RemoteState("acct");
        remote.putUser(member("u1", "ann@example.com", false));
        session.remote(remote);
        session.publish();
        assertThat(session.lastLook().mayHaveMember("ann@example.com")).isFalse();

        session.remote(null);
        session.publish();

        assertThat(session.lastLook().activeMembers()).isNull();
        assertThat(session.lastLook().mayHaveMember("ann@example.com")).isTrue();
    }

    @Test
    void aScanIsDueByTheTimeSinceTheLastOneWhateverTheInterval() {
        AppSession session = session();
        Instant last = Instant.parse("2026-01-01T00:00:00Z");
        DesiredState.Model model = DesiredState.Model.USER_GROUPS;
        session.scanned(new RemoteState("acct"), model, last);

        assertThat(session.scanDue(last.plusSeconds(599), Duration.ofMinutes(10), Duration.ofMinutes(5), model)).isFalse();
        assertThat(session.scanDue(last.plusSeconds(600), Duration.ofMinutes(10), Duration.ofMinutes(5), model)).isTrue();
        // Longer than any Instant holds when added to one: never due, never an exception.
        Duration beyondAnyClock = Duration.ofSeconds(Long.MAX_VALUE);
        assertThat(session.scanDue(last.plusSeconds(86_400), beyondAnyClock, beyondAnyClock, model)).isFalse();
        assertThat(session.scanDue(last.plusSeconds(1), beyondAnyClock, beyondAnyClock, DesiredState.Model.VIRTUAL_GROUPS))
                .as("a model read for another").isTrue();
        session.held(true);
        assertThat(session.scanDue(last.plusSeconds(300), beyondAnyClock, Duration.ofMinutes(5), model)).isTrue();
    }
}
