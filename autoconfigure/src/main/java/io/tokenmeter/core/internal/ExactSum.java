package io.tokenmeter.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A running sum of USD amounts that is exact and, for the amounts calls cost, allocates nothing per addition: kept
 * as {@link PicoDollars} in a {@code long}, with a {@code BigDecimal} for amounts that are not a pico-dollar count
 * and for sums moved out of the {@code long} before it would overflow. {@link #value()} is exactly the
 * {@code BigDecimal} sum of the amounts added, with its scale (the largest scale among them). Not thread-safe: its
 * owner guards it with its own lock.
 */
public final class ExactSum {

	private long units;

	private int scale;

	private BigDecimal rest;

	/** Adds {@code amount}, whose pico-dollar count the caller worked out already ({@link PicoDollars#of}). */
	public void add(BigDecimal amount, long amountUnits) {
		if (amount.scale() > this.scale) {
			this.scale = amount.scale();
		}
		if (amountUnits == PicoDollars.NOT_EXACT) {
			this.rest = this.rest == null ? amount : this.rest.add(amount);
		}
		else if (PicoDollars.overflows(this.units, amountUnits)) {
			BigDecimal moved = BigDecimal.valueOf(this.units, PicoDollars.SCALE);
			this.rest = this.rest == null ? moved : this.rest.add(moved);
			this.units = amountUnits;
		}
		else {
			this.units += amountUnits;
		}
	}

	public void add(BigDecimal amount) {
		add(amount, PicoDollars.of(amount));
	}

	/** The sum in pico-dollars, or {@link PicoDollars#NOT_EXACT} when part of it is held as a BigDecimal. */
	public long units() {
		return this.rest == null ? this.units : PicoDollars.NOT_EXACT;
	}

	/** The largest scale among the amounts added (0 for none). */
	public int scale() {
		return this.scale;
	}

	/** The exact sum, at the scale a {@code BigDecimal} sum of the same amounts has; zero (scale 0) for none. */
	public BigDecimal value() {
		if (this.rest == null) {
			return this.units == 0 && this.scale == 0 ? BigDecimal.ZERO
					: PicoDollars.toBigDecimal(this.units, this.scale);
		}
		return this.rest.add(BigDecimal.valueOf(this.units, PicoDollars.SCALE))
			.setScale(this.scale, RoundingMode.UNNECESSARY);
	}

	/** Back to zero. */
	public void reset() {
		this.units = 0;
		this.scale = 0;
		this.rest = null;
	}

}
