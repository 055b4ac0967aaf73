/**
 * The date picker in the Jalali calendar for Persian users: months of the
 * Persian calendar starting on Saturday, Jalali years and decades, Persian
 * digits. Each cell still holds a Gregorian luxon range, so what is selected
 * and sent to the server is unchanged.
 */
import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { isInRange, today } from "@web/core/l10n/dates";
import { localization } from "@web/core/l10n/localization";
import { patch } from "@web/core/utils/patch";
import { jalaaliMonthLength, toGregorian, toJalaali } from "@qanat_devices/lib/jalaali";
import { isPersianLocale } from "./jalali_dates";

const DAYS_PER_WEEK = 7;
const WEEKS_PER_MONTH = 6;
// Shift of the focused date per panel, in Jalali months.
const STEP_MONTHS = { days: 1, months: 12, years: 120, decades: 1200 };

const digits = new Intl.NumberFormat("fa-IR", { useGrouping: false });
export const toPersianDigits = (number) => digits.format(number);

function jalaliOf(date) {
    const { jy, jm, jd } = toJalaali(date.year, date.month, date.day);
    return { year: jy, month: jm, day: jd };
}

/** Start of the day Jalali year/month/day falls on, in ``template``'s zone. */
export function fromJalali(template, year, month, day = 1) {
    const { gy, gm, gd } = toGregorian(year, month, day);
    return template.set({ year: gy, month: gm, day: gd }).startOf("day");
}

function shiftJalaliMonth(year, month, count) {
    const index = year * 12 + (month - 1) + count;
    return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function startOfWeek(date) {
    const { weekStart } = localization;
    return date.set({ weekday: date.weekday < weekStart ? weekStart - 7 : weekStart });
}

function dateItem({ range, label, isOutOfRange = false, isValid = true, extraClass = "" }) {
    return {
        id: range[0].toISODate(),
        includesToday: isInRange(today(), range),
        isOutOfRange,
        isValid,
        label,
        range,
        extraClass,
    };
}

function monthTitle(start) {
    const { year } = jalaliOf(start);
    return `${start.toLocaleString({ month: "long" })} ${toPersianDigits(year)}`;
}

patch(DateTimePicker.prototype, {
    get isJalali() {
        return isPersianLocale();
    },

    get showWeekNumberColumn() {
        return (this.props.showWeekNumbers ?? !this.props.range) && !this.isJalali;
    },

    onWillRender() {
        super.onWillRender(...arguments);
        if (!this.isJalali || !this.state.focusDate) {
            return;
        }
        const build = {
            days: () => this.jalaliDays(),
            months: () => this.jalaliMonths(),
            years: () => this.jalaliYears(1),
            decades: () => this.jalaliYears(10),
        }[this.state.precision];
        if (build) {
            [this.title, this.items] = build();
        }
    },

    adjustFocus(values, focusedDateIndex) {
        if (!this.isJalali) {
            return super.adjustFocus(...arguments);
        }
        if (!this.shouldAdjustFocusDate && this.state.focusDate) {
            return;
        }
        // As core does, on the first day of the Jalali month instead.
        const dateToFocus =
            values[focusedDateIndex] || values[focusedDateIndex === 1 ? 0 : 1] || today();
        let { year, month } = jalaliOf(dateToFocus);
        if (this.additionalMonth && focusedDateIndex === 1 && values[0] && values[1]) {
            const first = jalaliOf(values[0]);
            if (first.year !== year || first.month !== month) {
                ({ year, month } = shiftJalaliMonth(year, month, -1));
            }
        }
        this.shouldAdjustFocusDate = false;
        this.state.focusDate = this.clamp(fromJalali(dateToFocus, year, month));
    },

    jalaliDays() {
        const { dayCellClass, isDateValid } = this.props;
        const focus = jalaliOf(this.state.focusDate);
        const months = [focus];
        if (this.additionalMonth) {
            months.push(shiftJalaliMonth(focus.year, focus.month, 1));
        }
        const titles = [];
        const items = months.map(({ year, month }, index) => {
            const start = fromJalali(this.state.focusDate, year, month);
            const end = start.plus({ day: jalaaliMonthLength(year, month) - 1 }).endOf("day");
            titles.push(monthTitle(start));
            const weeks = [];
            let weekStart = startOfWeek(start);
            for (let week = 0; week < WEEKS_PER_MONTH && weekStart <= end; week++) {
                const days = [];
                for (let offset = 0; offset < DAYS_PER_WEEK; offset++) {
                    const day = weekStart.plus({ day: offset });
                    const dayRange = [day, day.endOf("day")];
                    const inLimits = isInRange(dayRange, [this.minDate, this.maxDate]);
                    days.push(
                        dateItem({
                            range: dayRange,
                            label: toPersianDigits(jalaliOf(day).day),
                            isOutOfRange: !isInRange(day, [start, end]),
                            isValid: isDateValid ? inLimits && isDateValid(day) : inLimits,
                            extraClass: dayCellClass?.(day) || "",
                        })
                    );
                }
                weeks.push({ number: days[3].range[0].weekNumber, days });
                weekStart = weekStart.plus({ day: DAYS_PER_WEEK });
            }
            // Persian has no short weekday names: one letter (ش ی د …), the
            // whole name as the tooltip.
            const daysOfWeek = weeks[0].days.map(({ range: [day] }) => {
                const narrow = day.toLocaleString({ weekday: "narrow" });
                return [narrow, day.weekdayLong, narrow];
            });
            return { id: `__month__${index}`, number: month, daysOfWeek, weeks };
        });
        return [titles, items];
    },

    jalaliMonths() {
        const { year } = jalaliOf(this.state.focusDate);
        const items = [];
        for (let month = 1; month <= 12; month++) {
            const start = fromJalali(this.state.focusDate, year, month);
            const end = start.plus({ day: jalaaliMonthLength(year, month) - 1 }).endOf("day");
            items.push(
                dateItem({
                    range: [start, end],
                    label: start.toLocaleString({ month: "short" }),
                    isValid: isInRange([start, end], [this.minDate, this.maxDate]),
                })
            );
        }
        return [toPersianDigits(year), items];
    },

    /** Ten Jalali years (span 1) or ten decades (span 10), with one more on each side. */
    jalaliYears(span) {
        const { year } = jalaliOf(this.state.focusDate);
        const first = Math.floor(year / (span * 10)) * span * 10;
        const items = [];
        for (let index = -1; index <= 10; index++) {
            const from = first + index * span;
            const start = fromJalali(this.state.focusDate, from, 1);
            const end = fromJalali(this.state.focusDate, from + span, 1).minus({ millisecond: 1 });
            items.push(
                dateItem({
                    range: [start, end],
                    label: toPersianDigits(from),
                    isOutOfRange: index < 0 || index >= 10,
                    isValid: isInRange([start, end], [this.minDate, this.maxDate]),
                })
            );
        }
        const title = `${toPersianDigits(first - span)} - ${toPersianDigits(first + span * 10)}`;
        return [title, items];
    },

    shiftJalaliFocus(direction) {
        const { year, month } = jalaliOf(this.state.focusDate);
        const shifted = shiftJalaliMonth(year, month, direction * STEP_MONTHS[this.state.precision]);
        this.state.focusDate = this.clamp(
            fromJalali(this.state.focusDate, shifted.year, shifted.month)
        );
    },

    next(ev) {
        if (this.isJalali && this.state.precision in STEP_MONTHS) {
            ev.preventDefault();
            return this.shiftJalaliFocus(1);
        }
        return super.next(ev);
    },

    previous(ev) {
        if (this.isJalali && this.state.precision in STEP_MONTHS) {
            ev.preventDefault();
            return this.shiftJalaliFocus(-1);
        }
        return super.previous(ev);
    },
});

