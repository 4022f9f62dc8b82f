package io.otp4j.task;

import io.otp4j.process.OtpException;

/** The errors a task reports to its owner: it timed out, or it exited without a value. */
public abstract sealed class TaskException extends OtpException permits TaskTimeoutException, TaskExitedException {

    TaskException(String message) {
        super(message);
    }
}
