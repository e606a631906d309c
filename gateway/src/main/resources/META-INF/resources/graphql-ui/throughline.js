// Throughline's GraphiQL: the gateway's one endpoint, called with this page's sign-in (its session cookie), and the
// five executive questions of docs/queries open as tabs, ready to run.
const QUESTIONS = [
    {file: '1-initiative-cockpit.graphql', variables: {initiativeId: '1'}},
    {file: '2-business-function.graphql', variables: {function: 'SALES'}},
    {file: '3-person.graphql', variables: {personId: 'cfo'}},
    {file: '4-initiative-as-of.graphql',
        variables: {initiativeId: '1', asOf: new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString()}},
    {file: '5-open-signals.graphql', variables: {}},
];

const fetcher = GraphiQL.createFetcher({
    url: window.location.origin + '/graphql',
    headers: {Accept: 'application/json'},
});

async function questionTabs() {
    return Promise.all(QUESTIONS.map(async (question) => {
        const response = await fetch('queries/' + question.file, {credentials: 'same-origin'});
        if (!response.ok) {
            throw new Error(question.file + ': ' + response.status);
        }
        return {query: await response.text(), variables: JSON.stringify(question.variables, null, 2)};
    }));
}

function render(defaultTabs) {
    ReactDOM.render(React.createElement(GraphiQL, {
        fetcher: fetcher,
        defaultTabs: defaultTabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
    }), document.getElementById('graphiql'));
    // Signing out ends this page's session and Keycloak's, so that the next person signs in as themselves.
    const sidebar = document.getElementsByClassName('graphiql-sidebar-section')[0];
    if (sidebar) {
        const signOut = document.createElement('a');
        signOut.href = 'logout';
        signOut.textContent = 'Sign out';
        signOut.title = 'Sign out of Throughline';
        signOut.className = 'graphiql-un-styled';
        sidebar.insertBefore(signOut, sidebar.firstChild);
    }
}

questionTabs().then(render).catch((problem) => {
    console.warn('The executive questions could not be loaded', problem);
    render(undefined);
});
