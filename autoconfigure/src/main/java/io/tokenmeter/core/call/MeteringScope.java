package io.tokenmeter.core.call;

/**
 * Marks the thread on which an outer entry point is already metering a model call, so that no inner entry
 * point meters it again: a second {@code TokenMeterAdvisor} in the same chain, or the model-level path under
 * the advisor. The advisor holds the scope while it calls (and, for streams, while it subscribes to) the rest
 * of the chain; the model's own observation starts on that thread, inside the scope.
 */
public final class MeteringScope {

	private final ThreadLocal<Boolean> metering = ThreadLocal.withInitial(() -> Boolean.FALSE);

	/** True when a call on this thread is being metered by an outer entry point. */
	public boolean active() {
		return this.metering.get();
	}

	/** Enters the scope; pass the result to {@link #exit}. */
	public boolean enter() {
		boolean outer = this.metering.get();
		if (!outer) {
			this.metering.set(Boolean.TRUE);
		}
		return outer;
	}

	/** Leaves the scope entered with {@link #enter}, restoring what was there before. */
	public void exit(boolean outer) {
		if (!outer) {
			this.metering.set(Boolean.FALSE);
		}
	}

}
