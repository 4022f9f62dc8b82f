package io.otp4j.task;

/** The message a task sends its owner when its function returns; {@code core} tells which task it is. */
record TaskReply(TaskCore core, Object value) {}
