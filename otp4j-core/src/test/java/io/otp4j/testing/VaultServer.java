package io.otp4j.testing;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.process.ProcessContext;

/**
 * A server whose state holds a secret that {@code formatStatus} hides: it crashes on a wrong pin, so its crash
 * report shows the owner and never the pin. Shared with the other modules' tests of logging through the test jar.
 */
public final class VaultServer implements GenServer<VaultServer.Vault, VaultServer.Open, Object> {

    /** The pin every vault opens with; never in a report. */
    public static final String PIN = "4711";

    /** The state: an owner and a secret. */
    public record Vault(String owner, String pin) {}

    /** Opens the vault; crashes the server on a wrong pin. */
    public record Open(String pin) implements Call<String> {}

    /** A vault of ada's. */
    public VaultServer() {}

    @Override
    public Init<Vault> init(ProcessContext self) {
        return Init.ok(new Vault("ada", PIN));
    }

    @Override
    public CallResult<Vault> handleCall(Open open, From from, Vault vault) {
        if (!open.pin().equals(vault.pin())) {
            throw new SecurityException("wrong pin");
        }
        return reply(open, "opened", vault);
    }

    @Override
    public Object formatStatus(Vault vault) {
        return "Vault of " + vault.owner() + ", pin ****";
    }
}
