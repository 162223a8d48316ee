package io.tokenmeter.core.call;

/**
 * Marks the thread on which an outer entry point is already metering a model call, so that no inner entry
 * point meters it again: a second {@code TokenMeterAdvisor} in the same chain, or the model-level path under
 * the advisor. The advisor holds the scope while it calls (and, for streams, while it subscribes to) the rest
 * of the chain; the model's own observation starts on that thread, inside the scope.
 */
public final class MeteringScope {

	// A mutable flag per thread: entering and leaving are plain writes, not ThreadLocal.set calls.
	private final ThreadLocal<Flag> metering = ThreadLocal.withInitial(Flag::new);

	/** True when a call on this thread is being metered by an outer entry point. */
	public boolean active() {
		return this.metering.get().active;
	}

	/** Enters the scope; pass the result to {@link #exit}. */
	public boolean enter() {
		Flag flag = this.metering.get();
		boolean outer = flag.active;
		flag.active = true;
		return outer;
	}

	/** Leaves the scope entered with {@link #enter}, restoring what was there before. */
	public void exit(boolean outer) {
		if (!outer) {
			this.metering.get().active = false;
		}
	}

	/**
	 * The thread's flag, for an entry point that checks, enters and leaves on one thread: one ThreadLocal lookup
	 * instead of three.
	 */
	public Flag flag() {
		return this.metering.get();
	}

	/** Whether the owning thread is inside the scope; read and written by that thread only. */
	public static final class Flag {

		private boolean active;

		public boolean active() {
			return this.active;
		}

		/** Enters; pass the result to {@link #exit}. */
		public boolean enter() {
			boolean outer = this.active;
			this.active = true;
			return outer;
		}

		public void exit(boolean outer) {
			if (!outer) {
				this.active = false;
			}
		}

	}

}
