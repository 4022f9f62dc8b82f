package io.otp4j.task;

import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnedMonitor;

/** How tasks are started for an owner: linked to it ({@link Task#async}) or by a supervisor ({@link TaskSupervisor}). */
interface Launcher {

    /** Starts a task running {@code function} for {@code owner}, monitored by the owner before it runs. */
    SpawnedMonitor launch(ProcessContext owner, TaskCore core, TaskBody<?> function);

    /** {@return whether the tasks are linked to their owner} */
    boolean linked();

    /** Tasks linked to and monitored by their owner, spawned by the owner itself. */
    Launcher LINKED = new Launcher() {
        @Override
        public SpawnedMonitor launch(ProcessContext owner, TaskCore core, TaskBody<?> function) {
            return owner.spawnLinkMonitor(core.body(function));
        }

        @Override
        public boolean linked() {
            return true;
        }
    };
}
