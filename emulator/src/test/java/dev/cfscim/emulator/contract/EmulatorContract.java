package dev.cfscim.emulator.contract;

import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.EmulatedAccount;
import dev.cfscim.emulator.Profile;
import dev.cfscim.emulator.RateLimit;
import dev.cfscim.emulator.schema.PublishedSchemaCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A contract test against one running emulator a test, reached through its SCIM and v4 (IAM) APIs.
 * Rate limiting is off, so that only the contract under test answers; a class names its other options
 * in {@link #options}.
 */
@ExtendWith(PublishedSchemaCheck.class)
abstract class EmulatorContract {

    CloudflareEmulator cf;
    ContractHttp scim;
    ContractHttp iam;
    EmulatedAccount account;

    /** The options of the emulator this class tests, beyond rate limiting off. */
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator;
    }

    @BeforeEach
    void startEmulator() {
        cf = options(CloudflareEmulator.builder().profile(Profile.VIRTUAL_GROUPS)
                .rateLimit(RateLimit.OFF)).build().start();
        scim = ContractHttp.scim(cf);
        iam = ContractHttp.iam(cf);
        account = cf.account();
    }

    @AfterEach
    void stopEmulator() {
        cf.close();
    }
}
