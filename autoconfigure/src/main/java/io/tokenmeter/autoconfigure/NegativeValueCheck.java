package io.tokenmeter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.internal.PropertyTree;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.springframework.beans.BeanUtils;
import org.springframework.util.unit.DataSize;

/**
 * Refuses a negative count, duration, size or amount anywhere in {@link TokenMeterProperties} (a negative
 * {@code retry-after} would retry at once, a negative tag limit would fold every value): none of them means
 * anything below zero. The advisor order is the one number that may be negative. Runs after the settings' own
 * checks, which say more where there is more to say.
 */
final class NegativeValueCheck {

	private static final String MAY_BE_NEGATIVE = "tokenmeter.advisor.order";

	private NegativeValueCheck() {
	}

	static void check(TokenMeterProperties properties) {
		checkBean("tokenmeter", properties);
	}

	private static void checkBean(String path, Object bean) {
		Object defaults = BeanUtils.instantiateClass(bean.getClass());
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean.getClass())) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			String name = path + "." + PropertyTree.dashed(descriptor.getName());
			if (MAY_BE_NEGATIVE.equals(name)) {
				continue;
			}
			Object value = read(descriptor, bean);
			if (isNegative(value)) {
				throw negative(name, value, read(descriptor, defaults));
			}
			checkValue(name, value);
		}
	}

	private static void checkValue(String name, Object value) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, entry) -> checkValue(name + "[" + key + "]", entry));
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				checkValue(name + "[" + i + "]", list.get(i));
			}
		}
		else if (value != null && value.getClass().getName().startsWith("io.tokenmeter.")
				&& !value.getClass().isEnum()) {
			checkBean(name, value);
		}
		else if (isNegative(value)) {
			throw negative(name, value, null);
		}
	}

	private static InvalidConfigurationException negative(String name, Object value, Object initial) {
		return new InvalidConfigurationException(name, "must not be negative (was " + print(value) + ")",
				"Set " + name + " to zero or more" + (initial != null ? ", e.g. " + print(initial) + " (the default)" : "")
						+ ".");
	}

	/** In the largest unit that divides it, as written in properties: 5s, 180d, 1500ms. */
	private static String print(Duration duration) {
		long millis = duration.toMillis();
		long[] sizes = { 86_400_000, 3_600_000, 60_000, 1_000 };
		String[] units = { "d", "h", "m", "s" };
		for (int i = 0; i < sizes.length; i++) {
			if (millis != 0 && millis % sizes[i] == 0) {
				return millis / sizes[i] + units[i];
			}
		}
		return millis + "ms";
	}

	private static Object read(PropertyDescriptor descriptor, Object bean) {
		try {
			return descriptor.getReadMethod().invoke(bean);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static boolean isNegative(Object value) {
		if (value instanceof Integer || value instanceof Long) {
			return ((Number) value).longValue() < 0;
		}
		if (value instanceof BigDecimal number) {
			return number.signum() < 0;
		}
		if (value instanceof Duration duration) {
			return duration.isNegative();
		}
		return value instanceof DataSize size && size.isNegative();
	}

	private static String print(Object value) {
		if (value instanceof Duration duration) {
			return print(duration);
		}
		return value instanceof BigDecimal number ? number.toPlainString() : String.valueOf(value);
	}

}
