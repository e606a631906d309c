// Signs the cockpit's user in through Keycloak with the authorization code flow and PKCE (S256), as the realm's public
// client throughline-web. The gateway names its authorization server (OAuth 2.0 protected resource metadata,
// RFC 9728), so the page works wherever the gateway serves it. Tokens live in this page's memory only: the PKCE
// verifier and the state cross the redirect in sessionStorage and are removed as soon as they are used. The access
// token is refreshed before it expires; when that fails, the user signs in again.
(function (Throughline) {
    'use strict';

    const CLIENT_ID = 'throughline-web';
    const PENDING = 'throughline.cockpit.sign-in';
    // Refresh this long before the access token expires, so that no request goes out with an expired one.
    const REFRESH_EARLY_MS = 30000;

    let endpoints = null;
    let tokens = null;
    let refreshing = null;
    let refreshTimer = null;

    function redirectUri() {
        return location.origin + location.pathname;
    }

    function base64url(bytes) {
        let text = '';
        for (let i = 0; i < bytes.length; i++) {
            text += String.fromCharCode(bytes[i]);
        }
        return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    function randomText(size) {
        const bytes = new Uint8Array(size);
        crypto.getRandomValues(bytes);
        return base64url(bytes);
    }

    /** The S256 challenge of a verifier (which is ASCII by construction). */
    function challengeOf(verifier) {
        const bytes = new Uint8Array(verifier.length);
        for (let i = 0; i < verifier.length; i++) {
            bytes[i] = verifier.charCodeAt(i);
        }
        return crypto.subtle.digest('SHA-256', bytes).then((digest) => base64url(new Uint8Array(digest)));
    }

    function getJson(url) {
        return fetch(url, {headers: {Accept: 'application/json'}}).then((response) => {
            if (!response.ok) {
                throw new Error(url + ' answered ' + response.status);
            }
            return response.json();
        });
    }

    function postForm(url, fields) {
        return fetch(url, {
            method: 'POST',
            headers: {'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json'},
            body: new URLSearchParams(fields).toString(),
        }).then((response) => response.json().then((body) => {
            if (!response.ok) {
                throw new Error('Keycloak refused: ' + (body.error_description || body.error || response.status));
            }
            return body;
        }));
    }

    /** Keycloak's endpoints; null when the gateway names no authorization server (the insecure quick start). */
    function discover() {
        if (endpoints !== null) {
            return Promise.resolve(endpoints);
        }
        return fetch('/.well-known/oauth-protected-resource', {headers: {Accept: 'application/json'}})
            .then((response) => {
                if (response.status === 404) {
                    return {authorization_servers: []};
                }
                if (!response.ok) {
                    throw new Error('the gateway\'s resource metadata answered ' + response.status);
                }
                return response.json();
            })
            .then((resource) => resource.authorization_servers.length
                ? getJson(resource.authorization_servers[0].replace(/\/$/, '') + '/.well-known/openid-configuration')
                : false)
            .then((configuration) => {
                endpoints = configuration;
                return configuration;
            });
    }

    /** Leaves for Keycloak's sign-in page; the page comes back with a code in its fragment. */
    function redirectToSignIn() {
        const verifier = randomText(48);
        const state = randomText(16);
        return Promise.all([discover(), challengeOf(verifier)]).then((found) => {
            sessionStorage.setItem(PENDING, JSON.stringify({state: state, verifier: verifier, search: location.search}));
            const query = new URLSearchParams({
                client_id: CLIENT_ID,
                redirect_uri: redirectUri(),
                response_type: 'code',
                response_mode: 'fragment',
                scope: 'openid',
                state: state,
                code_challenge: found[1],
                code_challenge_method: 'S256',
            });
            location.assign(found[0].authorization_endpoint + '?' + query.toString());
            return new Promise(() => {
            });
        });
    }

    function keep(answer) {
        tokens = {
            access: answer.access_token,
            refresh: answer.refresh_token,
            id: answer.id_token || (tokens && tokens.id),
            expiresAt: Date.now() + answer.expires_in * 1000,
        };
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(refresh, Math.max(5000, answer.expires_in * 1000 - REFRESH_EARLY_MS));
        return tokens;
    }

    /** A new access token from the refresh token; without one, or when Keycloak refuses, the user signs in again. */
    function refresh() {
        if (!refreshing) {
            refreshing = (tokens && tokens.refresh
                ? postForm(endpoints.token_endpoint, {grant_type: 'refresh_token', refresh_token: tokens.refresh,
                    client_id: CLIENT_ID}).then(keep)
                : Promise.reject(new Error('no refresh token')))
                .then((kept) => {
                    refreshing = null;
                    return kept;
                }, () => {
                    refreshing = null;
                    tokens = null;
                    return redirectToSignIn();
                });
        }
        return refreshing;
    }

    function claims() {
        const payload = tokens.access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const json = decodeURIComponent(atob(payload).split('').map((c) =>
            '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2)).join(''));
        return JSON.parse(json);
    }

    /**
     * Signs in: finishes a sign-in that Keycloak has just answered (the code in the fragment), or leaves for
     * Keycloak's sign-in page. Resolves with the access token's claims.
     */
    function start() {
        return discover().then((found) => {
            if (!found) {
                // The insecure quick start: no Keycloak, and the gateway takes every caller for its one developer.
                return {preferred_username: null};
            }
            const answer = new URLSearchParams(location.hash.replace(/^#/, ''));
            const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
            sessionStorage.removeItem(PENDING);
            if (answer.has('error')) {
                throw new Error('Keycloak did not sign you in: ' + (answer.get('error_description') || answer.get('error')));
            }
            if (!answer.has('code') || !pending) {
                return redirectToSignIn();
            }
            if (answer.get('state') !== pending.state) {
                throw new Error('The sign-in answer does not belong to this page (state mismatch).');
            }
            return postForm(endpoints.token_endpoint, {
                grant_type: 'authorization_code',
                code: answer.get('code'),
                redirect_uri: redirectUri(),
                client_id: CLIENT_ID,
                code_verifier: pending.verifier,
            }).then((answered) => {
                keep(answered);
                // The code is spent: take it out of the address bar and history.
                history.replaceState(null, '', redirectUri() + pending.search);
                return claims();
            });
        });
    }

    /** The current access token, refreshed first when it is about to expire. */
    function accessToken() {
        if (endpoints === false) {
            return Promise.resolve(null);
        }
        if (tokens && Date.now() < tokens.expiresAt - 5000) {
            return Promise.resolve(tokens.access);
        }
        return refresh().then((kept) => kept.access);
    }

    /** Ends the session here and at Keycloak; the page then asks whoever comes next to sign in. */
    function signOut() {
        const query = new URLSearchParams({client_id: CLIENT_ID, post_logout_redirect_uri: redirectUri()});
        if (tokens && tokens.id) {
            query.set('id_token_hint', tokens.id);
        }
        tokens = null;
        clearTimeout(refreshTimer);
        location.assign(endpoints.end_session_endpoint + '?' + query.toString());
    }

    Throughline.signIn = {start: start, accessToken: accessToken, refresh: refresh, signOut: signOut};
}(window.Throughline = window.Throughline || {}));
