package dev.cfscim.plan;

import dev.cfscim.scim.InMemoryCloudflareAccount;

/**
 * What the unit tests over an in-memory Cloudflare start from: an account whose one member, its
 * owner, holds Super Administrator directly, and an engine over that account.
 */
abstract class InMemoryAccountTest {

    static final String ACCOUNT = Fixture.ACCOUNT;
    static final String OWNER = "owner@example.com";
    static final String SUPER = RemoteState.SUPER_ADMINISTRATOR;

    final InMemoryCloudflareAccount cf = new InMemoryCloudflareAccount(ACCOUNT);
    final Engine engine = new Engine(cf, cf);

    InMemoryAccountTest() {
        cf.seedMember(OWNER);
        cf.grantDirectly(OWNER, SUPER);
    }

    /** The plan with default policy and no baseline. */
    Plan plan(DesiredState desired, RemoteState remote) {
        return engine.plan(desired, remote, PlanPolicy.defaults(), null);
    }
}
