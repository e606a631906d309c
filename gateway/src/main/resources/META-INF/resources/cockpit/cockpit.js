// The executive cockpit: question 1 (InitiativeCockpit) for the chosen initiative and question 3
// (PersonAccountability) for the signed-in user, asked again whenever a subscription says something on the page
// changed (live.js), or every 30 seconds while live updates cannot be opened. Every answer replaces what is shown;
// what a failed service could not give is marked as missing, and nothing is shown as live once the gateway stops
// answering. Statuses are always written out in words, with a symbol; colour only repeats them.
(function (Throughline) {
    'use strict';

    const EVERY_MS = 30000;
    /** Events that arrive together (a batch of values, a signal raised with its change) make one request. */
    const GATHER_MS = 250;
    const graphql = Throughline.graphql;

    const LABELS = {
        DELIVERED: ['✔', 'Delivered'], IN_PROGRESS: ['▶', 'In progress'], NOT_STARTED: ['○', 'Not started'],
        BLOCKED: ['⛔', 'Blocked'], DESCOPED: ['–', 'Descoped'],
        GREEN: ['●', 'Green'], AMBER: ['▲', 'Amber'], RED: ['■', 'Red'],
        ON_TRACK: ['✔', 'On track'], AT_RISK: ['▲', 'At risk'], OFF_TRACK: ['✖', 'Off track'], NO_DATA: ['?', 'No data'],
        IMPROVING: ['↗', 'Improving'], STABLE: ['→', 'Stable'], WORSENING: ['↘', 'Worsening'],
        CRITICAL: ['‼', 'Critical'], HIGH: ['!', 'High'], MEDIUM: ['•', 'Medium'], LOW: ['·', 'Low'],
        IDENTIFIED: ['', 'Identified'], DECIDED: ['', 'Decided'], PLANNED: ['', 'Planned'],
        IMPLEMENTED: ['', 'Implemented'], EFFECT_PROVEN: ['✔', 'Effect proven'],
        ACTIVE: ['', 'Active'], ON_HOLD: ['', 'On hold'], RETIRED: ['', 'Retired'],
        OPEN: ['○', 'Open'], DONE: ['✔', 'Done'], DROPPED: ['–', 'Dropped'],
    };
    const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
    const UNITS = {DURATION_HOURS: ' h', DURATION_DAYS: ' days', PERCENT: ' %'};

    const state = {
        user: null,
        initiativeId: null,
        cockpitAt: null,
        personAt: null,
        inFlight: false,
        /** A change arrived while the page was being asked: ask once more when that answer is in. */
        again: false,
        gathering: null,
        live: null,
        /** How the page is kept up to date: 'connecting', 'live' (subscribed) or 'polling' (and why). */
        mode: 'connecting',
        modeReason: '',
        poller: null,
        lastResults: null,
    };

    // ----- building the page: DOM nodes, never HTML strings, so that no data is read as markup -----

    function el(tag, attributes, children) {
        const node = document.createElement(tag);
        Object.keys(attributes || {}).forEach((name) => {
            if (attributes[name] !== null && attributes[name] !== undefined) {
                node.setAttribute(name, attributes[name]);
            }
        });
        (children || []).forEach((child) => {
            if (child !== null && child !== undefined) {
                node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
            }
        });
        return node;
    }

    function replaceChildren(node, children) {
        while (node.firstChild) {
            node.removeChild(node.firstChild);
        }
        children.forEach((child) => node.appendChild(child));
    }

    /** A status in words with its symbol; the class only colours it. */
    function badge(value) {
        if (value === null || value === undefined) {
            return el('span', {class: 'badge'}, ['–']);
        }
        const label = LABELS[value] || ['', value];
        return el('span', {class: 'badge s-' + value}, [
            label[0] ? el('span', {'aria-hidden': 'true'}, [label[0] + ' ']) : null, label[1]]);
    }

    function number(value) {
        if (value === null || value === undefined) {
            return '–';
        }
        const rounded = Math.round(value * 100) / 100;
        return (rounded < 0 ? '−' : '') + Math.abs(rounded).toString();
    }

    function withUnit(value, unit) {
        return number(value) + (value === null || value === undefined ? '' : (UNITS[unit] || ''));
    }

    function percent(value) {
        return value === null || value === undefined ? '–' : number(value * 100) + ' %';
    }

    /** Marks a part the answer lacks, and who failed to give it. */
    function missing(problem) {
        return el('span', {class: 'missing'}, [el('span', {'aria-hidden': 'true'}, ['⚠ ']),
            'not available' + (problem ? ': ' + graphql.sourceOf(problem) + ' did not answer' : '')]);
    }

    function time(date) {
        const two = (n) => ('0' + n).slice(-2);
        return two(date.getHours()) + ':' + two(date.getMinutes()) + ':' + two(date.getSeconds());
    }

    /** A sparkline of the weekly values (solid) against the committed plan (dashed), described for screen readers. */
    function sparkline(kpi) {
        const points = kpi.seriesByWeek || [];
        const ns = 'http://www.w3.org/2000/svg';
        const width = 120;
        const height = 32;
        const svg = document.createElementNS(ns, 'svg');
        svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
        svg.setAttribute('width', String(width));
        svg.setAttribute('height', String(height));
        svg.setAttribute('class', 'spark');
        svg.setAttribute('role', 'img');
        if (points.length < 2) {
            svg.setAttribute('aria-label', 'not enough values for a chart');
            return svg;
        }
        const first = points[0];
        const last = points[points.length - 1];
        const description = kpi.name + ': ' + points.length + ' weeks from ' + withUnit(first.value, kpi.unit) + ' ('
            + first.start + ') to ' + withUnit(last.value, kpi.unit) + ' (' + last.start + '); plan '
            + withUnit(last.plannedValue, kpi.unit);
        svg.setAttribute('aria-label', description);
        const title = document.createElementNS(ns, 'title');
        title.textContent = description;
        svg.appendChild(title);
        let low = Infinity;
        let high = -Infinity;
        points.forEach((point) => {
            low = Math.min(low, point.value, point.plannedValue);
            high = Math.max(high, point.value, point.plannedValue);
        });
        const span = high - low || 1;
        const x = (i) => (2 + i * (width - 4) / (points.length - 1)).toFixed(1);
        const y = (v) => (height - 2 - (v - low) * (height - 4) / span).toFixed(1);
        const line = (key, cls) => {
            const polyline = document.createElementNS(ns, 'polyline');
            polyline.setAttribute('points', points.map((point, i) => x(i) + ',' + y(point[key])).join(' '));
            polyline.setAttribute('class', cls);
            svg.appendChild(polyline);
        };
        line('plannedValue', 'plan');
        line('value', 'actual');
        const dot = document.createElementNS(ns, 'circle');
        dot.setAttribute('cx', x(points.length - 1));
        dot.setAttribute('cy', y(last.value));
        dot.setAttribute('r', '2.5');
        dot.setAttribute('class', 'now');
        svg.appendChild(dot);
        return svg;
    }

    function bySeverity(signals) {
        return signals.slice().sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
    }

    // ----- question 1: the initiative -----

    function milestoneAnchor(index) {
        return 'milestone-' + index;
    }

    function signalItem(signal, anchors) {
        const about = [];
        if (signal.milestone) {
            const anchor = anchors[signal.milestone.title];
            about.push(anchor === undefined ? signal.milestone.title
                : el('a', {href: '#' + milestoneAnchor(anchor)}, [signal.milestone.title]));
        }
        if (signal.kpi) {
            about.push(' · KPI ' + signal.kpi.name);
        }
        return el('li', {class: 'signal', 'data-kind': signal.kind}, [
            badge(signal.severity), ' ', el('strong', {}, [signal.kind]), ' ',
            about.length ? el('span', {class: 'about'}, about) : null,
            el('p', {}, [signal.message, el('span', {class: 'raised'}, [' raised '
                + signal.raisedAt.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC')])]),
        ]);
    }

    function renderSignals(initiative, errors, anchors) {
        const path = ['initiative', 'signals'];
        const problem = graphql.problemAt(errors, path);
        const bias = document.getElementById('bias-list');
        const others = document.getElementById('signal-list');
        if (!initiative || !initiative.signals) {
            const why = problem || graphql.problemAt(errors, ['initiative']);
            replaceChildren(bias, [el('li', {}, [why ? missing(why) : 'No signals.'])]);
            replaceChildren(others, [el('li', {}, [why ? missing(why) : 'No signals.'])]);
            return;
        }
        const sorted = bySeverity(initiative.signals);
        const biased = sorted.filter((signal) => signal.kind === 'PROGRESS_BIAS');
        const rest = sorted.filter((signal) => signal.kind !== 'PROGRESS_BIAS');
        replaceChildren(bias, biased.length ? biased.map((signal) => signalItem(signal, anchors))
            : [el('li', {}, ['None: no milestone reports progress its KPIs contradict.'])]);
        replaceChildren(others, rest.length ? rest.map((signal) => signalItem(signal, anchors))
            : [el('li', {}, ['No other open signal.'])]);
        document.getElementById('bias').className = biased.length ? 'bias raised' : 'bias';
        if (problem) {
            others.appendChild(el('li', {}, [missing(problem)]));
        }
    }

    /** Where the KPI's values come from: the connectors feeding it and their health, or typed in by its steward. */
    function feedsOf(feeds) {
        if (!feeds.length) {
            return el('span', {class: 'detail'}, ['measured by hand']);
        }
        return el('span', {class: 'detail'}, feeds.map((feed) => {
            if (feed.health === 'FAILING') {
                return el('span', {class: 'feed failing', title: feed.lastError || ''}, ['⚠ feed ' + feed.name
                    + ' failing since ' + (feed.failingSince || '').replace('T', ' ').slice(0, 16) + ' UTC: '
                    + feed.lastErrorCode + ' ']);
            }
            return el('span', {class: 'feed'}, [(feed.health === 'HEALTHY' ? '● fed by ' : '○ not run yet: ')
                + feed.name + ' ']);
        }));
    }

    function kpiRow(commitment, path, errors) {
        const kpi = commitment.kpi;
        const kpiProblem = graphql.problemAt(errors, path.concat('kpi'));
        const outcomeProblem = graphql.problemAt(errors, path.concat('outcome'));
        const name = kpi && kpi.name ? kpi.name : null;
        const cell = (label, content) => el('td', {'data-label': label}, [content]);
        const cells = [el('th', {scope: 'row'}, [name || (kpiProblem ? missing(kpiProblem) : '–')]
            .concat(kpi && kpi.feeds ? [feedsOf(kpi.feeds)] : []))];
        if (kpi && kpi.analytics) {
            cells.push(cell('Current', withUnit(kpi.analytics.currentValue, kpi.unit)));
            cells.push(cell('Status', badge(kpi.analytics.status)));
            cells.push(cell('Trend', badge(kpi.analytics.trend)));
            cells.push(cell('Weekly values', kpi.seriesByWeek ? sparkline(kpi)
                : missing(graphql.problemAt(errors, path.concat('kpi', 'seriesByWeek')) || kpiProblem)));
        } else {
            ['Current', 'Status', 'Trend', 'Weekly values'].forEach((label) => cells.push(cell(label, missing(null))));
        }
        const outcome = commitment.outcome;
        if (outcome) {
            const behind = outcome.realisation !== null && outcome.realisation < 1;
            cells.push(cell('Outcome delta', el('span', {}, [
                el('strong', {}, ['Δ ' + withUnit(outcome.delta, kpi && kpi.unit)]),
                el('span', {class: 'detail'}, [outcome.realisation === null ? 'not measured'
                    : percent(outcome.realisation) + ' realised, ' + (behind ? 'behind' : 'on or ahead')]),
            ].concat(outcome.freshness && outcome.freshness.live === false
                ? [el('span', {class: 'detail'}, ['last known: from the values read before kpi-service stopped answering'])]
                : []))));
        } else {
            cells.push(cell('Outcome delta', outcomeProblem ? missing(null) : '–'));
        }
        cells.push(cell('Committed', el('span', {}, [withUnit(commitment.expectedValue, kpi && kpi.unit) + ' by '
            + commitment.dueDate, el('span', {class: 'detail'}, [commitment.accountableOwner])])));
        return el('tr', {}, cells);
    }

    function slippage(days) {
        if (days === 0) {
            return 'on schedule';
        }
        return Math.abs(days) + (Math.abs(days) === 1 ? ' day ' : ' days ') + (days > 0 ? 'late' : 'early');
    }

    /** One milestone: a row of its facts, and a row with the table of its tethered KPIs. */
    function milestoneRows(milestone, index, errors) {
        const path = ['initiative', 'milestones', index];
        const kinds = (milestone.signals || []).map((signal) => signal.kind);
        const title = el('th', {scope: 'row', id: milestoneAnchor(index), tabindex: '-1'}, [milestone.title]);
        if (kinds.indexOf('PROGRESS_BIAS') >= 0) {
            title.appendChild(el('span', {class: 'flag'}, [el('span', {'aria-hidden': 'true'}, [' ⚠ ']),
                'progress bias']));
        }
        const commitmentsProblem = graphql.problemAt(errors, path.concat('commitments'));
        if (milestone.commitments && milestone.commitments.length === 0) {
            title.appendChild(el('span', {class: 'detail'}, ['No KPI tethered: installed, not implemented.']));
        }
        const cell = (label, content) => el('td', {'data-label': label}, [content]);
        const rows = [el('tr', {class: 'facts'}, [
            title,
            cell('Delivery', badge(milestone.deliveryStatus)),
            cell('Health', badge(milestone.health)),
            cell('Slippage', el('span', {}, [slippage(milestone.slippageDays),
                el('span', {class: 'detail'}, ['forecast ' + milestone.forecastFinish])])),
            cell('Gate', badge(milestone.stageGate)),
            cell('Owner', milestone.accountableOwner),
        ])];
        let tethered = null;
        if (!milestone.commitments) {
            tethered = el('p', {}, [missing(commitmentsProblem)]);
        } else if (milestone.commitments.length) {
            const head = ['KPI', 'Current', 'Status', 'Trend', 'Weekly values', 'Outcome delta', 'Committed'];
            tethered = el('table', {class: 'kpis'}, [
                el('caption', {}, ['KPIs tethered to ' + milestone.title]),
                el('thead', {}, [el('tr', {}, head.map((label) => el('th', {scope: 'col'}, [label])))]),
                el('tbody', {}, milestone.commitments.map((commitment, i) =>
                    kpiRow(commitment, path.concat('commitments', i), errors))),
            ]);
        }
        if (tethered) {
            rows.push(el('tr', {class: 'tethered'}, [el('td', {colspan: '6'}, [tethered])]));
        }
        return el('tbody', {class: 'milestone', 'data-title': milestone.title, 'data-signals': kinds.join(' ')}, rows);
    }

    function milestoneTable(milestones, errors) {
        const head = ['Milestone', 'Delivery', 'Health', 'Slippage', 'Gate', 'Owner'];
        return el('table', {class: 'milestones'}, [
            el('caption', {}, ['Milestones with their delivery status, health, slippage and gate; below each, the '
                + 'KPIs it is tethered to']),
            el('thead', {}, [el('tr', {}, head.map((label) => el('th', {scope: 'col'}, [label])))]),
        ].concat(milestones.map((milestone, index) => milestoneRows(milestone, index, errors))));
    }

    function renderCockpit(answer) {
        const initiative = answer.data && answer.data.initiative;
        const errors = answer.errors;
        const anchors = {};
        const name = document.getElementById('initiative-name');
        const summary = document.getElementById('initiative-summary');
        const list = document.getElementById('milestone-list');
        if (!initiative) {
            const why = graphql.problemAt(errors, ['initiative']);
            name.textContent = 'Initiative';
            replaceChildren(summary, [why ? missing(why) : document.createTextNode('No such initiative.')]);
            replaceChildren(list, []);
            renderSignals(null, errors, anchors);
            return;
        }
        name.textContent = initiative.name;
        const realisation = initiative.outcomeRealisation;
        replaceChildren(summary, [
            document.createTextNode('Accountable: ' + initiative.accountableOwner + ' · outcome realisation '),
            realisation ? el('strong', {}, [percent(realisation.realisation) + ' on average, worst '
                + percent(realisation.worstRealisation)])
                : missing(graphql.problemAt(errors, ['initiative', 'outcomeRealisation'])),
        ]);
        const milestones = initiative.milestones || [];
        milestones.forEach((milestone, index) => {
            anchors[milestone.title] = index;
        });
        renderSignals(initiative, errors, anchors);
        replaceChildren(list, [milestoneTable(milestones, errors)]);
    }

    // ----- question 3: the signed-in person -----

    function personList(title, items, problem, line) {
        const children = [el('h3', {}, [title])];
        if (!items) {
            children.push(el('p', {}, [problem ? missing(problem) : 'None.']));
        } else if (!items.length) {
            children.push(el('p', {}, ['None.']));
        } else {
            children.push(el('ul', {}, items.map((item) => el('li', {}, line(item)))));
        }
        return el('div', {class: 'accountable'}, children);
    }

    function renderPerson(answer) {
        const body = document.getElementById('person-body');
        const person = answer.data && answer.data.person;
        const errors = answer.errors;
        if (!state.user) {
            replaceChildren(body, [el('p', {}, ['Nobody is signed in: the platform runs without Keycloak.'])]);
            return;
        }
        if (!person) {
            replaceChildren(body, [el('p', {}, [missing(graphql.problemAt(errors, ['person']))])]);
            return;
        }
        const problem = (field) => graphql.problemAt(errors, ['person', field]);
        replaceChildren(body, [
            el('p', {class: 'who'}, [(person.displayName || person.id) + ' (' + person.id + ')']),
            el('div', {class: 'accountables'}, [
                personList('Initiatives', person.accountableInitiatives, problem('accountableInitiatives'),
                    (i) => [i.name + ' ', badge(i.status)]),
                personList('Workstreams', person.accountableWorkstreams, problem('accountableWorkstreams'),
                    (w) => [w.name + ' (' + w.businessFunction + ')']),
                personList('Milestones', person.accountableMilestones, problem('accountableMilestones'),
                    (m) => [m.title + ' ', badge(m.deliveryStatus), ' ', badge(m.health), ' '
                        + slippage(m.slippageDays) + ', gate ', badge(m.stageGate)]),
                personList('KPIs', person.accountableKpis, problem('accountableKpis'),
                    (k) => [k.name + ' ', badge(k.analytics.status), ' ', badge(k.analytics.trend)]),
                personList('Commitments', person.accountableCommitments, problem('accountableCommitments'),
                    (c) => [(c.milestone ? c.milestone.title : '?') + ' → ' + (c.kpi ? c.kpi.name : '?') + ': '
                    + number(c.expectedValue) + ' by ' + c.dueDate + (c.outcome ? ', Δ ' + number(c.outcome.delta)
                        + ', ' + percent(c.outcome.realisation) + ' realised' : '')]),
                personList('Review actions', person.reviewActions, problem('reviewActions'),
                    (a) => [a.title + ', due ' + a.dueOn + ' ', badge(a.status),
                        a.overdue ? el('strong', {class: 'overdue'}, [' ⚠ overdue']) : null]),
            ]),
        ]);
    }

    // ----- staying live -----

    function servicesDown(errors) {
        const down = [];
        errors.forEach((error) => {
            const source = graphql.sourceOf(error);
            if (down.indexOf(source) < 0) {
                down.push(source);
            }
        });
        return down;
    }

    /** How the page is kept up to date, in words, for the status line. */
    function howKept() {
        if (state.mode === 'live') {
            return 'changes arrive as they happen (subscribed)';
        }
        if (state.mode === 'polling') {
            return 'asked again every 30 seconds: ' + state.modeReason;
        }
        return 'opening live updates';
    }

    function showStatus(results) {
        state.lastResults = results;
        const status = document.getElementById('status');
        const outage = document.getElementById('outage');
        const main = document.getElementById('main');
        const failed = results.filter((result) => result.failure);
        const errors = [];
        results.forEach((result) => (result.answer ? result.answer.errors : []).forEach((e) => errors.push(e)));
        // Only the person view could not be asked: the initiative's figures are live, the person's are marked old.
        const person = document.getElementById('person');
        person.classList.toggle('stale', Boolean(results[1].failure));
        if (failed.length && !results[0].failure) {
            main.className = '';
            status.className = 'status partial';
            status.textContent = '⚠ Partly live: the initiative updated ' + time(state.cockpitAt)
                + '; what you are accountable for could not be asked and is from '
                + (state.personAt ? time(state.personAt) : 'never') + '.';
            outage.hidden = false;
            outage.textContent = 'What you are accountable for was not updated: ' + results[1].failure.message
                + '. It is shown greyed, as it was at ' + (state.personAt ? time(state.personAt) : 'no time yet')
                + '; the page asks again on the next change and every 30 seconds.';
            return;
        }
        if (failed.length) {
            const last = state.cockpitAt ? time(state.cockpitAt) : 'never';
            main.className = 'stale';
            status.className = 'status down';
            status.textContent = '✖ Not live: the gateway did not answer at ' + time(new Date())
                + '. What is shown is from ' + last + '.';
            outage.hidden = false;
            outage.textContent = 'Not live. ' + failed[0].failure.message + '. The figures below are from ' + last
                + ' and may have changed since; the page asks again on the next change and every 30 seconds.';
            return;
        }
        main.className = '';
        if (errors.length) {
            const down = servicesDown(errors);
            status.className = 'status partial';
            status.textContent = '⚠ Partly live: updated ' + time(state.cockpitAt) + '; ' + down.join(', ')
                + ' did not answer; ' + howKept() + '.';
            outage.hidden = false;
            outage.textContent = 'Some figures are missing: ' + down.join(', ') + ' did not answer ('
                + errors.map((e) => (e.extensions || {}).code).filter((c, i, all) => c && all.indexOf(c) === i)
                    .join(', ') + '). What it holds is marked “not available” below, and an outcome delta computed from '
                + 'the last values read is marked “last known”; everything else is live.';
        } else {
            status.className = 'status live';
            status.textContent = '● Live: updated ' + time(state.cockpitAt) + '; ' + howKept() + '.';
            outage.hidden = true;
            outage.textContent = '';
        }
    }

    function settle(promise) {
        return promise.then((answer) => ({answer: answer}), (failure) => ({failure: failure}));
    }

    function refresh() {
        if (state.inFlight) {
            state.again = true;
            return Promise.resolve();
        }
        if (!state.initiativeId) {
            return Promise.resolve();
        }
        state.inFlight = true;
        state.again = false;
        return Promise.all([
            settle(graphql.ask('InitiativeCockpit', {initiativeId: state.initiativeId})),
            state.user ? settle(graphql.ask('PersonAccountability', {personId: state.user}))
                : {answer: {data: {person: null}, errors: []}},
        ]).then((results) => {
            const now = new Date();
            if (results[0].answer) {
                state.cockpitAt = now;
                renderCockpit(results[0].answer);
                if (state.live) {
                    state.live.watchKpis(kpiIdsOf(results[0].answer));
                }
            }
            if (results[1].answer) {
                state.personAt = now;
                renderPerson(results[1].answer);
            }
            showStatus(results);
            state.inFlight = false;
            if (state.again) {
                changed();
            }
        }, (problem) => {
            state.inFlight = false;
            throw problem;
        });
    }

    /** The KPIs the initiative's milestones are tethered to, as the answer shows them. */
    function kpiIdsOf(answer) {
        const ids = {};
        const initiative = answer.data && answer.data.initiative;
        ((initiative && initiative.milestones) || []).forEach((milestone) => (milestone.commitments || [])
            .forEach((commitment) => {
                if (commitment.kpi && commitment.kpi.id) {
                    ids[commitment.kpi.id] = true;
                }
            }));
        return Object.keys(ids);
    }

    /** Something on the page changed: ask again, once for the events that arrive together. */
    function changed() {
        if (state.gathering) {
            return;
        }
        state.gathering = setTimeout(() => {
            state.gathering = null;
            refresh().then(null, failed);
        }, GATHER_MS);
    }

    /** Live updates opened, or lost: polling runs only while they are not open. */
    function modeChanged(mode, reason) {
        state.mode = mode;
        state.modeReason = reason || '';
        if (mode === 'live' && state.poller) {
            clearInterval(state.poller);
            state.poller = null;
        } else if (mode === 'polling' && !state.poller) {
            state.poller = setInterval(() => refresh().then(null, failed), EVERY_MS);
        }
        document.body.setAttribute('data-updates', mode);
        if (state.lastResults) {
            showStatus(state.lastResults);
        }
    }

    function chooseInitiative() {
        const select = document.getElementById('initiative');
        return graphql.ask('Initiatives', {}).then((answer) => {
            const nodes = (answer.data && answer.data.initiatives && answer.data.initiatives.nodes) || [];
            if (!nodes.length) {
                throw new Error('no initiative to show'
                    + (answer.errors.length ? ': ' + graphql.sourceOf(answer.errors[0]) + ' did not answer' : ''));
            }
            const wanted = new URLSearchParams(location.search).get('initiative');
            const active = nodes.filter((node) => node.status === 'ACTIVE');
            const chosen = nodes.filter((node) => node.id === wanted)[0] || active[0] || nodes[0];
            replaceChildren(select, nodes.map((node) => el('option', {value: node.id},
                [node.name + (node.status === 'ACTIVE' ? '' : ' (' + LABELS[node.status][1].toLowerCase() + ')')])));
            select.value = chosen.id;
            select.disabled = false;
            state.initiativeId = chosen.id;
        });
    }

    function failed(problem) {
        const status = document.getElementById('status');
        status.className = 'status down';
        status.textContent = '✖ ' + problem.message;
    }

    function start() {
        Throughline.signIn.start().then((claims) => {
            state.user = claims.preferred_username;
            if (state.user) {
                document.getElementById('user').textContent = 'Signed in as ' + (claims.name || state.user)
                    + ' (' + state.user + ')';
                const signOut = document.getElementById('sign-out');
                signOut.hidden = false;
                signOut.addEventListener('click', Throughline.signIn.signOut);
            }
            document.getElementById('status').textContent = 'Loading the figures…';
            return chooseInitiative();
        }).then(() => {
            const select = document.getElementById('initiative');
            select.addEventListener('change', () => {
                state.initiativeId = select.value;
                history.replaceState(null, '', location.pathname + '?initiative=' + encodeURIComponent(select.value));
                if (state.live) {
                    state.live.follow(select.value);
                }
                refresh().then(null, failed);
            });
            const button = document.getElementById('refresh');
            button.disabled = false;
            button.addEventListener('click', () => refresh().then(null, failed));
            state.live = Throughline.live.follow(state.initiativeId, changed, modeChanged);
            document.addEventListener('visibilitychange', () => {
                if (document.visibilityState === 'visible') {
                    refresh().then(null, failed);
                }
            });
            return refresh();
        }).then(null, failed);
    }

    start();
}(window.Throughline = window.Throughline || {}));
