/**
 * Date filters of the search panel in the Jalali calendar for Persian users:
 * "this month", the two before, the seasons and the last three years are
 * Jalali periods (آذر ۱۴۰۵, پاییز ۱۴۰۵, ۱۴۰۵), with the domain of exactly that
 * period. Options keep core's ids (month, month-1, first_quarter, year-1...):
 * a month option is a month number, combined with the selected years, as core
 * does with Gregorian months; the comparison with the previous period or year
 * compares Jalali periods too. Custom filters stay core's.
 */
import { Domain } from "@web/core/domain";
import { serializeDate, serializeDateTime } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";
import { SearchModel } from "@web/search/search_model";
import { jalaaliMonthLength, toJalaali } from "@qanat_devices/lib/jalaali";
import { isPersianLocale } from "./jalali_dates";
import { fromJalali, toPersianDigits } from "./jalali_datetime_picker";

const SEASONS = { first_quarter: 1, second_quarter: 2, third_quarter: 3, fourth_quarter: 4 };
const SEASON_NAMES = { 1: "بهار", 2: "تابستان", 3: "پاییز", 4: "زمستان" };

function offsetOf(id, unit) {
    if (id === unit) {
        return 0;
    }
    const match = new RegExp(`^${unit}([+-])(\\d+)$`).exec(id);
    return match ? (match[1] === "-" ? -1 : 1) * Number(match[2]) : null;
}

function today(reference) {
    const { jy, jm } = toJalaali(reference.year, reference.month, reference.day);
    return { year: jy, month: jm };
}

/** The Jalali month number an option "month", "month-1"... stands for. */
function monthOf(reference, id) {
    const offset = offsetOf(id, "month");
    if (offset === null) {
        return null;
    }
    const { year, month } = today(reference);
    const index = year * 12 + month - 1 + offset;
    return { month: (index % 12) + 1, year: Math.floor(index / 12) };
}

function monthName(reference, year, month) {
    return fromJalali(reference, year, month).toLocaleString({ month: "long" });
}

export function isJalaliOption(id) {
    return id in SEASONS || offsetOf(id, "month") !== null || offsetOf(id, "year") !== null;
}

export function jalaliOptionDescription(reference, id) {
    if (id in SEASONS) {
        return SEASON_NAMES[SEASONS[id]];
    }
    const month = monthOf(reference, id);
    if (month) {
        return monthName(reference, month.year, month.month);
    }
    const offset = offsetOf(id, "year");
    return offset === null ? null : toPersianDigits(today(reference).year + offset);
}

/** The selected Jalali periods as [first, last] month indexes (year * 12 +
 * month - 1), in order. */
function selectedPeriods(reference, generatorIds) {
    const years = generatorIds
        .map((id) => offsetOf(id, "year"))
        .filter((offset) => offset !== null)
        .map((offset) => today(reference).year + offset);
    const parts = generatorIds.filter((id) => offsetOf(id, "year") === null);
    const periods = [];
    for (const year of years) {
        for (const id of parts.length ? parts : [null]) {
            let first = 1;
            let last = 12;
            if (id in SEASONS) {
                first = (SEASONS[id] - 1) * 3 + 1;
                last = first + 2;
            } else if (id) {
                first = last = monthOf(reference, id).month;
            }
            periods.push([year * 12 + first - 1, year * 12 + last - 1]);
        }
    }
    return periods.sort((a, b) => a[0] - b[0]);
}

/** How many months back the comparison "previous_year" or "previous_period"
 * (as long as the span of the selection, like core's) moves the periods. */
function comparisonShift(periods, comparisonId) {
    if (comparisonId === "previous_year") {
        return -12;
    }
    const first = Math.min(...periods.map((period) => period[0]));
    const last = Math.max(...periods.map((period) => period[1]));
    return -(last - first + 1);
}

function periodLabel(reference, [first, last]) {
    const year = Math.floor(first / 12);
    const month = (first % 12) + 1;
    const length = last - first + 1;
    const yearLabel = toPersianDigits(year);
    if (length === 12 && month === 1) {
        return yearLabel;
    }
    if (length === 3 && month % 3 === 1) {
        return `${SEASON_NAMES[(month - 1) / 3 + 1]} ${yearLabel}`;
    }
    const firstLabel = `${monthName(reference, year, month)} ${yearLabel}`;
    if (length === 1) {
        return firstLabel;
    }
    const lastYear = Math.floor(last / 12);
    const lastMonth = (last % 12) + 1;
    return `${firstLabel} - ${monthName(reference, lastYear, lastMonth)} ${toPersianDigits(lastYear)}`;
}

/** {domain, description} of the selected Jalali periods, like core's; with
 * ``comparisonId``, of the periods they are compared with. */
export function jalaliDateFilter(reference, dateFilter, generatorIds, comparisonId = null) {
    let periods = selectedPeriods(reference, generatorIds);
    if (comparisonId) {
        const shift = comparisonShift(periods, comparisonId);
        periods = periods.map(([first, last]) => [first + shift, last + shift]);
    }
    const serialize = dateFilter.fieldType === "date" ? serializeDate : serializeDateTime;
    const ranges = periods.map(([first, last]) => {
        const lastYear = Math.floor(last / 12);
        const lastMonth = (last % 12) + 1;
        const start = fromJalali(reference, Math.floor(first / 12), (first % 12) + 1);
        const end = fromJalali(reference, lastYear, lastMonth)
            .plus({ day: jalaaliMonthLength(lastYear, lastMonth) - 1 })
            .endOf("day");
        return new Domain([
            "&",
            [dateFilter.fieldName, ">=", serialize(start)],
            [dateFilter.fieldName, "<=", serialize(end)],
        ]);
    });
    const domain = Domain.and([Domain.combine(ranges, "OR"), dateFilter.domain]);
    const description = periods.map((period) => periodLabel(reference, period)).join("/");
    return { domain, description };
}

patch(SearchModel.prototype, {
    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        if (!isPersianLocale() || !generatorIds.length || !generatorIds.every(isJalaliOption)) {
            return super._getDateFilterDomain(...arguments);
        }
        return jalaliDateFilter(this.referenceMoment, dateFilter, generatorIds)[key];
    },

    /** The pivot's and graph's "previous period / year" compares Jalali
     * periods when the filter is Jalali (core computes Gregorian ones). */
    getFullComparison() {
        const comparison = super.getFullComparison(...arguments);
        const itemId = comparison && isPersianLocale() ? this._qanatComparisonItemId() : null;
        const item = itemId === null ? null : this.searchItems[itemId];
        if (!item) {
            return comparison;
        }
        const dateFilter = this.searchItems[item.dateFilterId];
        const generatorIds = this._getSelectedGeneratorIds(item.dateFilterId);
        if (!generatorIds.length || !generatorIds.every(isJalaliOption)) {
            return comparison;
        }
        const range = jalaliDateFilter(this.referenceMoment, dateFilter, generatorIds);
        const previous = jalaliDateFilter(
            this.referenceMoment,
            dateFilter,
            generatorIds,
            item.comparisonOptionId
        );
        return {
            ...comparison,
            range: range.domain.toList(),
            rangeDescription: range.description,
            comparisonRange: previous.domain.toList(),
            comparisonRangeDescription: previous.description,
        };
    },

    /** The active comparison item of the query (not a favorite's). */
    _qanatComparisonItemId() {
        for (const queryElem of this.query.slice().reverse()) {
            const item = this.searchItems[queryElem.searchItemId];
            if (item.type === "comparison") {
                return item.id;
            }
            if (item.type === "favorite" && item.comparison) {
                return null;
            }
        }
        return null;
    },

    /** A month chosen without a year gets the Jalali year it falls in (core
     * picks the Gregorian one: Dey and Esfand, or Farvardin's previous
     * months, would filter the wrong year). */
    toggleDateFilter(searchItemId, generatorId) {
        const searchItem = this.searchItems[searchItemId];
        const month = generatorId && monthOf(this.referenceMoment, generatorId);
        if (isPersianLocale() && searchItem?.type === "dateFilter" && month) {
            const selected = this._getSelectedGeneratorIds(searchItemId);
            const hasYear = selected.some((id) => offsetOf(id, "year") !== null);
            if (!hasYear && !selected.includes(generatorId)) {
                const { startYear, endYear } = searchItem.optionsParams;
                const offset = month.year - today(this.referenceMoment).year;
                const yearOffset = Math.min(Math.max(offset, startYear), endYear);
                this.query.push({
                    searchItemId,
                    generatorId: yearOffset ? `year${yearOffset > 0 ? "+" : ""}${yearOffset}` : "year",
                });
            }
        }
        return super.toggleDateFilter(...arguments);
    },

    _enrichItem(searchItem) {
        const item = super._enrichItem(...arguments);
        if (item && isPersianLocale() && item.type === "dateFilter" && item.options) {
            item.options = item.options.map((option) => ({
                ...option,
                description:
                    jalaliOptionDescription(this.referenceMoment, option.id) ??
                    option.description,
            }));
        }
        return item;
    },
});
