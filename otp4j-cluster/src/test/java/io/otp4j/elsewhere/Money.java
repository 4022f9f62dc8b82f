package io.otp4j.elsewhere;

import java.util.Objects;

/** A plain final class, not a record: it crosses only with a codec of its own. */
public final class Money {
    private final long cents;
    private final String currency;

    public Money(long cents, String currency) {
        this.cents = cents;
        this.currency = Objects.requireNonNull(currency);
    }

    /** {@return {@code 12.34 EUR}-style text parsed back into money} */
    public static Money parse(String text) {
        String[] parts = text.split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not money: " + text);
        }
        return new Money(Long.parseLong(parts[0]), parts[1]);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Money that && cents == that.cents && currency.equals(that.currency);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cents) * 31 + currency.hashCode();
    }

    @Override
    public String toString() {
        return cents + " " + currency;
    }
}
