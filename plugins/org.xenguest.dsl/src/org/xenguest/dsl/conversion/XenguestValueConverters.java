package org.xenguest.dsl.conversion;

import org.eclipse.xtext.common.services.DefaultTerminalConverters;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.impl.KeywordAlternativeConverter;
import org.eclipse.xtext.nodemodel.INode;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;

/** Value converters of the Xenguest grammar's datatype rules. */
@Singleton
public class XenguestValueConverters extends DefaultTerminalConverters {

	@Inject
	private Provider<KeywordAlternativeConverter> keywordAlternatives;

	private IValueConverter<String> name;
	private IValueConverter<String> virqName;

	/** Name: ID or one of a few keywords ('console', 'xenstore', ...); '^' escapes an ID. */
	@ValueConverter(rule = "Name")
	public synchronized IValueConverter<String> Name() {
		if (name == null) {
			name = keywordAlternatives.get();
		}
		return name;
	}

	@ValueConverter(rule = "VirqName")
	public synchronized IValueConverter<String> VirqName() {
		if (virqName == null) {
			virqName = keywordAlternatives.get();
		}
		return virqName;
	}

	@ValueConverter(rule = "Feature")
	public IValueConverter<String> Feature() {
		return FEATURE;
	}

	@ValueConverter(rule = "Number")
	public IValueConverter<Integer> Number() {
		return NUMBER;
	}

	@ValueConverter(rule = "Size")
	public IValueConverter<Long> Size() {
		return SIZE;
	}

	private static final IValueConverter<String> FEATURE = new IValueConverter<>() {
		@Override
		public String toValue(String string, INode node) {
			if (string == null) {
				return null;
			}
			return string.startsWith("^") ? string.substring(1) : string;
		}

		@Override
		public String toString(String value) {
			if (value == null || !value.matches("[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")) {
				throw new ValueConverterException("'" + value + "' is not a feature name", null, null);
			}
			return value;
		}
	};

	private static final IValueConverter<Integer> NUMBER = new IValueConverter<>() {
		@Override
		public Integer toValue(String string, INode node) {
			if (string == null || string.isEmpty()) {
				throw new ValueConverterException("a number is expected here", node, null);
			}
			try {
				return Integer.valueOf(string.trim());
			} catch (NumberFormatException e) {
				throw new ValueConverterException(
						"'" + string + "' is too large: numbers in a guest description go up to " + Integer.MAX_VALUE
								+ ". Use a smaller number.", node, e);
			}
		}

		@Override
		public String toString(Integer value) {
			if (value == null || value < 0) {
				throw new ValueConverterException("a number here is not negative (was " + value + ")", null, null);
			}
			return value.toString();
		}
	};

	/** 256M, 64K, 1G: bytes; a plain number means MiB (as xl.cfg's memory=). */
	private static final IValueConverter<Long> SIZE = new IValueConverter<>() {
		@Override
		public Long toValue(String string, INode node) {
			if (string == null || string.isEmpty()) {
				throw new ValueConverterException("a size is missing here", node, null);
			}
			String s = string.trim();
			char last = s.charAt(s.length() - 1);
			long unit;
			String digits;
			switch (last) {
			case 'K':
				unit = 1L << 10;
				digits = s.substring(0, s.length() - 1);
				break;
			case 'M':
				unit = 1L << 20;
				digits = s.substring(0, s.length() - 1);
				break;
			case 'G':
				unit = 1L << 30;
				digits = s.substring(0, s.length() - 1);
				break;
			default:
				unit = 1L << 20;
				digits = s;
			}
			try {
				return Math.multiplyExact(Long.parseLong(digits), unit);
			} catch (NumberFormatException | ArithmeticException e) {
				throw new ValueConverterException("size '" + string + "' is too large. Use a size such as 256M or 1G.",
						node, e);
			}
		}

		@Override
		public String toString(Long value) {
			if (value == null || value < 0) {
				throw new ValueConverterException("a size is not negative (was " + value + ")", null, null);
			}
			if (value != 0 && value % (1L << 30) == 0) {
				return (value >> 30) + "G";
			}
			if (value != 0 && value % (1L << 20) == 0) {
				return (value >> 20) + "M";
			}
			if (value % (1L << 10) == 0) {
				return (value >> 10) + "K";
			}
			throw new ValueConverterException("size " + value + " is not a whole number of KiB", null, null);
		}
	};
}
