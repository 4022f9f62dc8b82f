package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Registers a starting server under its via name on the server's own process, then runs the server; if the
 * name is taken, records the holder and exits normally without running {@code init}, as OTP's {@code gen} does
 * for {@code {via, Module, Name}}.
 */
final class ViaRegistration implements ProcessBody {

    private final ViaName name;
    private final ProcessBody server;
    private final @Nullable Pid parent;

    /** The process that held the name; written before the process exits, read by the starter after. */
    private volatile @Nullable Pid holder;

    ViaRegistration(ViaName name, ProcessBody server, @Nullable Pid parent) {
        this.name = name;
        this.server = server;
        this.parent = parent;
    }

    @Override
    public void run(ProcessContext self) throws Exception {
        Optional<Pid> taken = name.register(self);
        if (taken.isPresent()) {
            holder = taken.get();
            if (parent != null) {
                self.unlink(parent); // the starter learns of it from the exception alone, as for a failed init
            }
            self.exit(ExitReason.normal());
        }
        server.run(self);
    }

    /** {@return the holder of the name, if the name was taken} Read once the server's process has exited. */
    Optional<Pid> holder() {
        return Optional.ofNullable(holder);
    }

    ViaName name() {
        return name;
    }
}
