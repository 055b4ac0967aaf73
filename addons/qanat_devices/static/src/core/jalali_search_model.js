/**
 * Date filters of the search panel in the Jalali calendar for Persian users:
 * "this month", the two before, the seasons and the last three years are
 * Jalali periods (آذر ۱۴۰۵, پاییز ۱۴۰۵, ۱۴۰۵), with the domain of exactly that
 * period. Options keep core's ids (month, month-1, first_quarter, year-1...):
 * a month option is a month number, combined with the selected years, as core
 * does with Gregorian months. Custom filters and comparisons stay core's.
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

/** {domain, description} of the selected Jalali periods, like core's. */
export function jalaliDateFilter(reference, dateFilter, generatorIds) {
    const years = generatorIds
        .map((id) => offsetOf(id, "year"))
        .filter((offset) => offset !== null)
        .map((offset) => today(reference).year + offset)
        .sort((a, b) => a - b);
    const parts = generatorIds.filter((id) => offsetOf(id, "year") === null);
    const ranges = [];
    for (const year of years) {
        const periods = parts.length ? parts : [null];
        for (const id of periods) {
            let first = 1;
            let last = 12;
            let label = toPersianDigits(year);
            if (id in SEASONS) {
                first = (SEASONS[id] - 1) * 3 + 1;
                last = first + 2;
                label = `${SEASON_NAMES[SEASONS[id]]} ${label}`;
            } else if (id) {
                first = last = monthOf(reference, id).month;
                label = `${monthName(reference, year, first)} ${label}`;
            }
            const start = fromJalali(reference, year, first);
            const end = fromJalali(reference, year, last)
                .plus({ day: jalaaliMonthLength(year, last) - 1 })
                .endOf("day");
            const serialize = dateFilter.fieldType === "date" ? serializeDate : serializeDateTime;
            ranges.push({
                first: start,
                label,
                domain: new Domain([
                    "&",
                    [dateFilter.fieldName, ">=", serialize(start)],
                    [dateFilter.fieldName, "<=", serialize(end)],
                ]),
            });
        }
    }
    ranges.sort((a, b) => a.first - b.first);
    const domain = Domain.and([
        Domain.combine(
            ranges.map((range) => range.domain),
            "OR"
        ),
        dateFilter.domain,
    ]);
    return { domain, description: ranges.map((range) => range.label).join("/") };
}

patch(SearchModel.prototype, {
    _getDateFilterDomain(dateFilter, generatorIds, key = "domain") {
        if (!isPersianLocale() || !generatorIds.length || !generatorIds.every(isJalaliOption)) {
            return super._getDateFilterDomain(...arguments);
        }
        return jalaliDateFilter(this.referenceMoment, dateFilter, generatorIds)[key];
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
