package dev.cfscim.emulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cfscim.emulator.CloudflareEmulator;
import dev.cfscim.emulator.contract.ContractHttp.Resp;

/** What the /Users contract tests share: an emulator whose lists hold at most 3 a page, and a user read back. */
abstract class UsersContract extends EmulatorContract {

    @Override
    CloudflareEmulator.Builder options(CloudflareEmulator.Builder emulator) {
        return emulator.maxPageSize(3);
    }

    JsonNode getUser(String id) {
        Resp r = scim.get("/Users/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
