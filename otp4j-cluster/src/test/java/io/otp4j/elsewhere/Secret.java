package io.otp4j.elsewhere;

/** A record of a package no test cluster allows. */
public record Secret(String value) {}
