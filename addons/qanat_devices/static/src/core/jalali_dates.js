/**
 * Jalali dates with Persian digits for Persian users, everywhere the web
 * client and the portal chatter show a date.
 *
 * Odoo formats dates with luxon. For a Persian user we format each full date
 * (year, month and day) in the Persian calendar with Persian digits, and parse
 * typed Jalali dates back to Gregorian. Luxon's global output calendar is left
 * alone: values sent to the server keep Gregorian years and Latin digits
 * (Odoo's serializers ask for "latn"), and labels of a single month or year
 * ("November", "2026") still name the Gregorian periods the search filters use.
 */
import { isValidJalaaliDate, toGregorian } from "@qanat_devices/lib/jalaali";

const { DateTime, Settings } = luxon;

const PERSIAN = { outputCalendar: "persian", numberingSystem: "arabext" };
// A single month or year ("MMMM", "yyyy") names a Gregorian period (search
// filters, calendar view titles): Gregorian names, Persian digits. Without it
// Intl's fa-IR default calendar would call December "آذر".
const GREGORIAN_IN_PERSIAN = { outputCalendar: "gregory", numberingSystem: "arabext" };
const EASTERN_DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g;
// Formats that build identifiers or server values, never shown as a date.
const MACHINE_FORMAT = /yyyy-(MM|LL|ll)-dd|HHmmddMMyyyy|^yyyy-/;
const DATE_MACROS = /^(D|DD|DDD|DDDD|f|ff|fff|ffff|F|FF|FFF|FFFF)$/;
// Below this a parsed year is Jalali (1405), above it Gregorian (2026).
const LAST_JALALI_YEAR = 1700;

export function isPersianLocale(locale = Settings.defaultLocale) {
    return /^fa\b|^fa[-_]/i.test(locale || "");
}

function stripLiterals(format) {
    return format.replace(/'[^']*'/g, "");
}

/** A format that shows a whole date (not one month, year or day alone). */
export function isFullDateFormat(format) {
    if (typeof format !== "string" || MACHINE_FORMAT.test(format)) {
        return false;
    }
    if (DATE_MACROS.test(format)) {
        return true;
    }
    const tokens = stripLiterals(format);
    return /y/.test(tokens) && /[ML]/.test(tokens) && /d/.test(tokens);
}

export function toLatinDigits(text) {
    return text.replace(EASTERN_DIGITS, (digit) => String(digit.charCodeAt(0) & 0xf));
}

function wantsPersian(dateTime, options = {}) {
    return (
        isPersianLocale(options.locale || dateTime.locale) &&
        !options.numberingSystem &&
        !options.outputCalendar
    );
}

const { toFormat, toLocaleString } = DateTime.prototype;
const { fromFormat } = DateTime;

/** A label of a Gregorian month or year alone ("MMMM", "LLL yyyy", "y"). */
function isPeriodLabelFormat(format) {
    if (typeof format !== "string" || MACHINE_FORMAT.test(format)) {
        return false;
    }
    const tokens = stripLiterals(format);
    return /MMM|LLL/.test(tokens) || /^y+$/.test(tokens.trim());
}

DateTime.prototype.toFormat = function (format, options) {
    if (this.isValid && wantsPersian(this, options)) {
        if (isFullDateFormat(format)) {
            return toFormat.call(this.reconfigure(PERSIAN), format, options);
        }
        if (isPeriodLabelFormat(format)) {
            return toFormat.call(this.reconfigure(GREGORIAN_IN_PERSIAN), format, options);
        }
    }
    return toFormat.call(this, format, options);
};

DateTime.prototype.toLocaleString = function (format, options) {
    if (this.isValid && wantsPersian(this, options)) {
        return toLocaleString.call(this, format, { ...options, ...PERSIAN });
    }
    return toLocaleString.call(this, format, options);
};

/** A date typed or shown in Jalali ("۱۴۰۵/۰۹/۱۲") read back as Gregorian. */
DateTime.fromFormat = function (text, format, options = {}) {
    if (
        typeof text !== "string" ||
        !isPersianLocale(options.locale) ||
        !isFullDateFormat(format)
    ) {
        return fromFormat.call(this, text, format, options);
    }
    const latin = toLatinDigits(text);
    const latinOptions = { ...options, numberingSystem: "latn" };
    const { matches } = DateTime.fromFormatExplain(latin, format, latinOptions);
    if (!matches || !matches.y || matches.y >= LAST_JALALI_YEAR) {
        return fromFormat.call(this, latin, format, latinOptions);
    }
    if (!isValidJalaaliDate(matches.y, matches.M, matches.d)) {
        return DateTime.invalid("not a Jalali date");
    }
    const { gy, gm, gd } = toGregorian(matches.y, matches.M, matches.d);
    let hour = matches.H ?? matches.h ?? 0;
    if (matches.a !== undefined && matches.h !== undefined) {
        hour = (hour % 12) + (matches.a === 1 ? 12 : 0);
    }
    const zone = options.zone || Settings.defaultZone;
    return DateTime.fromObject(
        {
            year: gy,
            month: gm,
            day: gd,
            hour,
            minute: matches.m ?? 0,
            second: matches.s ?? 0,
        },
        { zone, numberingSystem: options.numberingSystem }
    );
};
