package io.otp4j.supervisor;

/** What a supervisor restarts when one child exits and must be restarted. */
public enum Strategy {
    /** Only that child ({@code one_for_one}). */
    ONE_FOR_ONE,
    /**
     * Every child: the others are shut down (in reverse start order), then all are started again in order
     * ({@code one_for_all}).
     */
    ONE_FOR_ALL,
    /**
     * That child and the ones started after it: those are shut down (in reverse order), then started again in
     * order ({@code rest_for_one}).
     */
    REST_FOR_ONE
}
